// Traffic capture on/off (with a visible "capturing" state) and the bug report button.
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { Card, Note } from '../../components/Card';

export function CaptureCard() {
  const [capturing, setCapturing] = useState<boolean | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>();

  useEffect(() => {
    api.getCapture().then(setCapturing, (error: Error) => setMessage({ tone: 'error', text: error.message }));
  }, []);

  const toggle = async (on: boolean) => {
    // Shown at once, then as the gateway answers (it is put back if the switch failed).
    setCapturing(on);
    try {
      setCapturing(await api.setCapture(on));
    } catch (error) {
      setCapturing(!on);
      setMessage({ tone: 'error', text: (error as Error).message });
    }
  };

  const report = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await api.createReport();
      if (result.data) {
        // Browser mode: hand the zip to the browser as a download.
        const url = URL.createObjectURL(new Blob([result.data as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
        const link = document.createElement('a');
        link.href = url;
        link.download = result.fileName;
        link.click();
        URL.revokeObjectURL(url);
      }
      setMessage({ tone: 'success', text: result.savedTo ? `Saved ${result.savedTo}` : `Downloaded ${result.fileName}` });
    } catch (error) {
      setMessage({ tone: 'error', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      id="capture"
      title="Troubleshooting"
      className="card-wide"
      aside={
        capturing && (
          <span className="badge badge-capturing" data-testid="capturing-badge">
            ● Capturing
          </span>
        )
      }
    >
      <label className="checkbox">
        <input type="checkbox" checked={capturing ?? false} disabled={capturing === undefined} onChange={(event) => void toggle(event.target.checked)} data-testid="capture-toggle" />
        Capture traffic
      </label>
      <p className="hint">Keeps each request's bodies and what Cursor sent, for a bug report. Secrets are removed; at most 200 files, each kept 24 hours.</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => void report()} disabled={busy} data-testid="report-button">
          {busy ? 'Writing…' : 'Create bug report'}
        </button>
        <span className="hint">A zip of the recent requests, captures, versions and settings, without your keys or tokens.</span>
      </div>
      {message && (
        <Note tone={message.tone} testId="report-result">
          {message.text}
        </Note>
      )}
    </Card>
  );
}
