import type { StatusView } from '../../../shared/thalamus-api';
import { formatTime } from '../../lib/format';
import { Card, Note } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';

const STATE_WORDS = { starting: 'Starting…', running: 'Running', stopped: 'Stopped', error: 'Not working' } as const;

export function GatewayCard({ status, unreachable }: { status?: StatusView; unreachable?: string }) {
  const gateway = status?.gateway;
  const state = unreachable ? 'error' : (gateway?.state ?? 'starting');
  return (
    <Card id="gateway" title="Gateway">
      <p className="state-line">
        <span className={`dot dot-${state}`} aria-hidden="true" />
        <strong data-testid="gateway-state">{unreachable ? 'Not reachable' : STATE_WORDS[state]}</strong>
        {gateway?.demo && (
          <span className="badge badge-demo" data-testid="demo-badge" title="Answers come from Thalamus's built-in demo backend, not from Cursor">
            Demo
          </span>
        )}
      </p>
      {unreachable && <Note tone="error">{unreachable}</Note>}
      {gateway?.url && (
        <div className="field-row">
          <code className="inline-value" data-testid="gateway-url">{gateway.url}</code>
          <CopyButton text={gateway.url} />
        </div>
      )}
      {gateway?.demo && (
        <p className="hint">
          You are trying Thalamus with its demo backend: it echoes instead of thinking. Log in to Cursor and restart Thalamus to use real models.
        </p>
      )}
      {status && (
        <dl className="facts">
          <div>
            <dt>Requests today</dt>
            <dd data-testid="requests-today">{status.requestsToday}</dd>
          </div>
        </dl>
      )}
      {status?.lastError && (
        <Note tone="warning" title={`Last problem${status.lastErrorAt ? ` (${formatTime(status.lastErrorAt)})` : ''}:`} testId="last-error">
          {status.lastError}
        </Note>
      )}
    </Card>
  );
}
