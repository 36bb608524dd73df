// What this machine sent through Thalamus: requests per day by Cursor model, and tokens per day
// (Cursor's own counts), drawn with recharts.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LocalDay } from '../../../shared/usage';
import { Card } from '../../components/Card';

const PALETTE = ['#5146d8', '#17a34a', '#c27803', '#d93636', '#3fa0ff', '#8b5cf6', '#0d9488', '#64748b'];

export function LocalChartCard({ days, today }: { days: LocalDay[]; today: LocalDay }) {
  const models = [...new Set(days.flatMap((day) => Object.keys(day.byModel)))];
  const requestRows = days.map((day) => ({ day: day.day.slice(5), ...Object.fromEntries(models.map((model) => [model, day.byModel[model]?.requests ?? 0])) }));
  const tokenRows = days.map((day) => ({ day: day.day.slice(5), input: day.inputTokens, output: day.outputTokens }));
  return (
    <Card id="local-usage" title="Through Thalamus" className="card-wide">
      <p className="hint" data-testid="local-today">
        Today: {today.requests} request{today.requests === 1 ? '' : 's'}, {today.inputTokens.toLocaleString()} input and {today.outputTokens.toLocaleString()} output tokens.
      </p>
      <div className="charts">
        <figure className="chart" data-testid="chart-requests">
          <figcaption>Requests per day, by Cursor model</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={requestRows}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" fontSize={12} />
              <YAxis allowDecimals={false} fontSize={12} width={32} />
              <Tooltip />
              <Legend />
              {models.map((model, index) => (
                <Bar key={model} dataKey={model} stackId="requests" fill={PALETTE[index % PALETTE.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart" data-testid="chart-tokens">
          <figcaption>Tokens per day</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={tokenRows}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" fontSize={12} />
              <YAxis fontSize={12} width={48} />
              <Tooltip />
              <Legend />
              <Bar dataKey="input" name="input" fill="#5146d8" isAnimationActive={false} />
              <Bar dataKey="output" name="output" fill="#17a34a" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
    </Card>
  );
}
