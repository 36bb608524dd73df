// Requests: the live request list (newest first) with a detail view, the traffic capture switch
// and the bug report button.
import { useState } from 'react';
import type { RequestRecord } from '../../../shared/request-record';
import { CaptureCard } from './CaptureCard';
import { RequestDetail } from './RequestDetail';
import { RequestTable } from './RequestTable';
import { useRequestList } from './use-request-list';

export function RequestsView() {
  const { list, error } = useRequestList();
  const [selected, setSelected] = useState<RequestRecord | undefined>();
  return (
    <div className="grid">
      <CaptureCard />
      <RequestTable list={list} error={error} selectedId={selected?.id} onSelect={setSelected} />
      {selected && <RequestDetail record={selected} onClose={() => setSelected(undefined)} />}
    </div>
  );
}
