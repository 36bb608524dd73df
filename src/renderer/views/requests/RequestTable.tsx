// The request list: one row per request, newest first; the status coloured by outcome.
import type { RequestList, RequestRecord } from '../../../shared/request-record';
import { Card, Note } from '../../components/Card';
import { formatTime } from '../../lib/format';
import { formatMs, statusTone } from './request-format';

interface Props {
  list?: RequestList;
  error?: string;
  selectedId?: string;
  onSelect(record: RequestRecord): void;
}

export function RequestTable({ list, error, selectedId, onSelect }: Props) {
  return (
    <Card id="requests" title="Requests" className="card-wide">
      {error && <Note tone="error">{error}</Note>}
      {list && list.skipped > 0 && <Note tone="warning">{list.skipped} unreadable lines in the request log were skipped.</Note>}
      {list && list.records.length === 0 && <p className="muted">No requests yet. They appear here as clients use the gateway.</p>}
      {list && list.records.length > 0 && (
        <div className="table-scroll">
          <table className="requests-table" data-testid="request-list">
            <thead>
              <tr>
                <th>Time</th>
                <th>Status</th>
                <th>API</th>
                <th>Model</th>
                <th>TTFT</th>
                <th>Duration</th>
                <th>Tokens in / out</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {list.records.map((record) => (
                <tr
                  key={record.id}
                  data-testid="request-row"
                  data-request-id={record.id}
                  className={record.id === selectedId ? 'selected' : undefined}
                  tabIndex={0}
                  onClick={() => onSelect(record)}
                  onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && onSelect(record)}
                >
                  <td>{formatTime(record.time)}</td>
                  <td>
                    <span className={`status status-${statusTone(record)}`} data-testid="request-status">
                      {record.status}
                    </span>
                  </td>
                  <td>{record.api}</td>
                  <td>
                    {record.model}
                    {record.cursorModel && record.cursorModel !== record.model && <span className="muted"> → {record.cursorModel}</span>}
                  </td>
                  <td data-testid="request-ttft">{formatMs(record.ttftMs)}</td>
                  <td>{formatMs(record.durationMs)}</td>
                  <td>{record.inputTokens === undefined ? '–' : `${record.inputTokens} / ${record.outputTokens ?? 0}`}</td>
                  <td data-testid="request-error">{record.errorClass ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
