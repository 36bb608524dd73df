import { useState, type FormEvent } from 'react';

/** Browser mode without a (valid) key: how to get one. */
export function KeyScreen({ problem, onKey }: { problem?: string; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) onKey(key.trim());
  };
  return (
    <main className="key-screen">
      <section className="card" aria-labelledby="key-title" data-testid="key-screen">
        <h2 id="key-title">This page needs your Thalamus client key</h2>
        <p>
          Paste the key here: <code>thalamus serve --ui</code> printed where it is (usually{' '}
          <code>~/.config/thalamus/client-key</code>, or <code>THALAMUS_API_KEY</code>).
        </p>
        {problem && <p className="note note-error">{problem}</p>}
        <form className="field-row" onSubmit={submit}>
          <input type="password" value={key} onChange={(event) => setKey(event.target.value)} placeholder="thl_…" aria-label="Client key" autoComplete="off" />
          <button type="submit" className="button button-primary" disabled={!key.trim()}>
            Use this key
          </button>
        </form>
      </section>
    </main>
  );
}
