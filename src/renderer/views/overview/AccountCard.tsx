import { useState } from 'react';
import type { AccountView, StatusView } from '../../../shared/thalamus-api';
import { api } from '../../api';
import { formatDateTime } from '../../lib/format';
import { Card, Note } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';

const STORAGE_WORDS: Record<NonNullable<AccountView['storage']>, string> = {
  keychain: 'System keychain',
  'safe-storage-file': 'Encrypted file',
  file: 'Private file',
  env: 'THALAMUS_CURSOR_TOKEN',
};

export function AccountCard({ status, onChange }: { status?: StatusView; onChange: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const account = status?.account;
  const login = status?.login;

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
      await onChange();
    }
  };

  // The account can show the new login a moment before the login itself reports success.
  const waiting = login?.state === 'waiting' && !(account?.loggedIn && !account.needsLogin);
  return (
    <Card id="account" title="Cursor account">
      {!account ? (
        <p className="muted">Loading…</p>
      ) : account.loggedIn ? (
        <>
          <p className="state-line">
            <span className="dot dot-running" aria-hidden="true" />
            <strong data-testid="account-email">{account.email ?? 'Logged in'}</strong>
          </p>
          <dl className="facts">
            {account.expiresAt && (
              <div>
                <dt>Token valid until</dt>
                <dd data-testid="token-expiry">{formatDateTime(account.expiresAt)}</dd>
              </div>
            )}
            {account.storage && (
              <div>
                <dt>Stored in</dt>
                <dd>{STORAGE_WORDS[account.storage]}</dd>
              </div>
            )}
          </dl>
        </>
      ) : (
        <p className="state-line">
          <span className="dot dot-stopped" aria-hidden="true" />
          <strong data-testid="account-email">Not logged in</strong>
        </p>
      )}
      {account?.needsLogin && <Note tone="warning">Your Cursor login has expired. Log in again.</Note>}
      {account?.storageWarning && <Note tone="warning">{account.storageWarning}</Note>}
      {status?.gateway.demo && account?.loggedIn && <Note tone="info">Restart Thalamus to switch from the demo to your Cursor account.</Note>}

      {waiting && login.url && (
        <div className="login-wait" data-testid="login-waiting">
          <p>
            <span className="spinner" aria-hidden="true" /> Waiting for you to log in to Cursor in your browser…
          </p>
          <p className="hint">If no browser window opened, open this link:</p>
          <div className="field-row">
            <a className="button button-primary button-small" href={login.url} target="_blank" rel="noopener noreferrer">
              Open the Cursor login page ↗
            </a>
            <CopyButton text={login.url} label="Copy link" />
          </div>
          <input className="url-field" readOnly value={login.url} aria-label="Login link" data-testid="login-url" onFocus={(event) => event.target.select()} />
        </div>
      )}
      {login?.state === 'failed' && <Note tone="error">{login.error ?? 'The login failed.'}</Note>}
      {login?.state === 'cancelled' && <p className="hint">Login cancelled.</p>}
      {error && (
        <Note tone="error" testId="account-error">
          {error}
        </Note>
      )}

      <div className="actions">
        {waiting ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act(() => api.cancelLogin())}>
            Cancel
          </button>
        ) : (
          (!account?.loggedIn || account.needsLogin) && (
            <button type="button" className="button button-primary" disabled={busy || !account} onClick={() => void act(() => api.startLogin())}>
              {busy ? 'Starting…' : 'Log in with Cursor'}
            </button>
          )
        )}
        {/* A token from the environment cannot be logged out of from here. */}
        {account?.loggedIn && account.storage !== 'env' && !waiting && (
          <button type="button" className="button" disabled={busy} onClick={() => void act(() => api.logout())}>
            Log out
          </button>
        )}
      </div>
    </Card>
  );
}
