// Overview: is the gateway up, who is logged in, and a test chat to see answers come through.
import type { ModelView, StatusView } from '../../../shared/thalamus-api';
import { AccountCard } from './AccountCard';
import { ChatCard } from './ChatCard';
import { GatewayCard } from './GatewayCard';

interface Props {
  status?: StatusView;
  unreachable?: string;
  refresh(): Promise<void>;
  chatModel: string;
  models?: ModelView[];
}

export function OverviewView({ status, unreachable, refresh, chatModel, models }: Props) {
  return (
    <div className="grid">
      <GatewayCard status={status} unreachable={unreachable} />
      <AccountCard status={status} onChange={refresh} />
      <ChatCard model={chatModel} models={models} onFinished={() => void refresh()} />
    </div>
  );
}
