import { useState } from 'react';
import type { ConfigFileApplied, ConfigFilePreview } from '../../../shared/thalamus-api';
import { api } from '../../api';
import { lineDiff } from '../../lib/line-diff';
import { maskSecret } from '../../lib/mask';
import { Note } from '../../components/Card';

type Step =
  | { name: 'idle' }
  | { name: 'preview'; preview: ConfigFilePreview }
  | { name: 'applied'; applied: ConfigFileApplied }
  | { name: 'undone'; path: string };

export function ClaudeSettingsPanel({ clientKey, showKey }: { clientKey: string; showKey: boolean }) {
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const shown = (text: string) => (showKey ? text : maskSecret(text, clientKey));

  const run = async (action: () => Promise<Step>) => {
    setBusy(true);
    setError(undefined);
    try {
      setStep(await action());
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const preview = () => run(async () => ({ name: 'preview', preview: await api.previewClaudeSettings() }));
  const apply = () => run(async () => ({ name: 'applied', applied: await api.applyClaudeSettings() }));
  const undo = (path: string) =>
    run(async () => {
      await api.undoClaudeSettings();
      return { name: 'undone', path };
    });

  return (
    <div className="subsection" data-testid="claude-settings">
      <h3>…or save them in Claude Code's settings</h3>
      <p className="hint">
        Adds them to the <code>env</code> block of Claude Code's <code>settings.json</code>, so every <code>claude</code> uses Thalamus. Your other settings stay as
        they are, and the old file is backed up first.
      </p>

      {step.name === 'preview' && (
        <div className="preview" data-testid="claude-settings-preview">
          <p className="hint">
            Changes to <code>{step.preview.path}</code>
            {step.preview.before === '' && ' (a new file)'}:
          </p>
          <pre className="diff">
            {lineDiff(shown(step.preview.before), shown(step.preview.after)).map((line, index) => (
              <span key={index} className={`diff-${line.kind}`}>
                {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
                {line.text}
                {'\n'}
              </span>
            ))}
          </pre>
        </div>
      )}
      {step.name === 'applied' && (
        <Note tone="success" testId="claude-settings-applied">
          Saved to <code>{step.applied.path}</code>.{' '}
          {step.applied.backupPath ? (
            <>
              The previous file is backed up as <code>{step.applied.backupPath}</code>.
            </>
          ) : (
            'There was no file before.'
          )}
        </Note>
      )}
      {step.name === 'undone' && (
        <Note tone="info" testId="claude-settings-undone">
          Undone: <code>{step.path}</code> is back as it was.
        </Note>
      )}
      {error && <Note tone="error">{error}</Note>}

      <div className="actions">
        {step.name === 'preview' ? (
          <>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void apply()}>
              Save to settings.json
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setStep({ name: 'idle' })}>
              Cancel
            </button>
          </>
        ) : step.name === 'applied' ? (
          <button type="button" className="button" disabled={busy} onClick={() => void undo(step.applied.path)}>
            Undo
          </button>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => void preview()}>
            Preview changes to settings.json
          </button>
        )}
      </div>
    </div>
  );
}
