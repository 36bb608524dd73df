// Settings: what the gateway does with requests (models; limits and fallback join here).
import type { ModelView, Settings } from '../../../shared/thalamus-api';
import { FallbackCard } from './FallbackCard';
import { LimitsCard } from './LimitsCard';
import { ModelsCard } from './ModelsCard';

interface Props {
  models?: ModelView[];
  modelsError?: string;
  settings?: Settings;
  onSettings(next: Settings): void;
}

export function SettingsView({ models, modelsError, settings, onSettings }: Props) {
  return (
    <div className="grid">
      <ModelsCard models={models} modelsError={modelsError} settings={settings} onSettings={onSettings} />
      <FallbackCard settings={settings} onSettings={onSettings} />
      <LimitsCard settings={settings} onSettings={onSettings} />
    </div>
  );
}
