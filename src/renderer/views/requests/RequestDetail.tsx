// Every field of one request.
import type { RequestRecord } from '../../../shared/request-record';
import { Card } from '../../components/Card';
import { formatDateTime } from '../../lib/format';
import { formatMs } from './request-format';

export function RequestDetail({ record, onClose }: { record: RequestRecord; onClose(): void }) {
  const rows: Array<[string, string | undefined]> = [
    ['Time', formatDateTime(record.time)],
    ['Request id', record.id],
    ['API', record.api],
    ['Model asked', record.model],
    ['Cursor model', record.cursorModel],
    ['Fallback for', record.fallbackFrom],
    ['Usage pool', record.pool],
    ['Streamed', record.stream ? 'yes' : 'no'],
    ['Status', String(record.status)],
    ['Outcome', record.outcome],
    ['Error', record.errorClass],
    ['Message', record.errorMessage],
    ['Time to first token', formatMs(record.ttftMs)],
    ['Duration', formatMs(record.durationMs)],
    ['Input tokens', record.inputTokens?.toString()],
    ['Output tokens', record.outputTokens?.toString()],
    ['Tool calls', String(record.toolCalls)],
    ['Cursor run', record.runId],
    ['Cursor asked', record.interactions?.join('; ')],
  ];
  return (
    <Card
      id="request-detail"
      title="Request"
      className="card-wide"
      aside={
        <button type="button" className="button button-small button-quiet" onClick={onClose}>
          Close
        </button>
      }
    >
      <dl className="facts">
        {rows
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </Card>
  );
}
