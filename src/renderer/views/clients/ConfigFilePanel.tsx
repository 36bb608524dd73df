// Saves a client's settings into its own config file (Claude Code's settings.json, Codex's
// config.toml): preview the change as a diff, save (the old file is backed up), undo.
import { useState, type ReactNode } from 'react';
import type { ConfigFileApplied, ConfigFilePreview } from '../../../shared/thalamus-api';
import { lineDiff } from '../../lib/line-diff';
import { maskSecret } from '../../lib/mask';
import { Note } from '../../components/Card';

type Step =
  | { name: 'idle' }
  | { name: 'preview'; preview: ConfigFilePreview }
  | { name: 'applied'; applied: ConfigFileApplied }
  | { name: 'undone'; path: string };

export interface ConfigFileActions {
  preview(): Promise<ConfigFilePreview>;
  apply(): Promise<ConfigFileApplied>;
  undo(): Promise<void>;
}

interface Props {
  /** Prefix of the test ids: `<testId>`, `<testId>-preview`, `<testId>-applied`, `<testId>-undone`. */
  testId: string;
  heading: ReactNode;
  hint: ReactNode;
  /** The file's name as the buttons say it. */
  fileName: string;
  actions: ConfigFileActions;
  clientKey: string;
  showKey: boolean;
}

export function ConfigFilePanel({ testId, heading, hint, fileName, actions, clientKey, showKey }: Props) {
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
  const preview = () => run(async () => ({ name: 'preview', preview: await actions.preview() }));
  const apply = () => run(async () => ({ name: 'applied', applied: await actions.apply() }));
  const undo = (path: string) =>
    run(async () => {
      await actions.undo();
      return { name: 'undone', path };
    });

  return (
    <div className="subsection" data-testid={testId}>
      <h3>{heading}</h3>
      <p className="hint">{hint}</p>

      {step.name === 'preview' && (
        <div className="preview" data-testid={`${testId}-preview`}>
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
          <MergeNotes notes={step.preview.notes} testId={`${testId}-notes`} />
        </div>
      )}
      {step.name === 'applied' && (
        <Note tone="success" testId={`${testId}-applied`}>
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
      {step.name === 'applied' && <MergeNotes notes={step.applied.notes} testId={`${testId}-notes`} />}
      {step.name === 'undone' && (
        <Note tone="info" testId={`${testId}-undone`}>
          Undone: <code>{step.path}</code> is back as it was.
        </Note>
      )}
      {error && <Note tone="error">{error}</Note>}

      <div className="actions">
        {step.name === 'preview' ? (
          <>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void apply()}>
              Save to {fileName}
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
            Preview changes to {fileName}
          </button>
        )}
      </div>
    </div>
  );
}

/** What the merge changed beyond Thalamus's own values (a provider switch removed, …). */
function MergeNotes({ notes, testId }: { notes?: string[]; testId: string }) {
  if (!notes?.length) return null;
  return (
    <Note tone="warning" testId={testId}>
      {notes.map((note) => (
        <span key={note}>
          {note}
          <br />
        </span>
      ))}
    </Note>
  );
}
