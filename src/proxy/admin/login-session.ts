// The browser login the UI started, as a LoginView the page polls. One at a time: starting a
// new one cancels the old, and a cancelled login's late result is ignored.
import type { AuthService, BrowserLogin } from '../auth/auth-service.js';
import { redact } from '../log/logger.js';
import type { LoginView } from '../../shared/thalamus-api.js';

export class LoginSession {
  private current?: BrowserLogin;
  private state: LoginView = { state: 'idle' };

  constructor(private readonly auth: AuthService) {}

  view(): LoginView {
    return { ...this.state };
  }

  start(): LoginView {
    this.cancel();
    // Variant: the page shows the URL as a link rather than the gateway opening a browser,
    // which under `serve --ui` may run on another machine, in WSL or over ssh.
    const login = this.auth.startBrowserLogin({ openBrowser: () => {} });
    this.current = login;
    this.state = { state: 'waiting', url: login.url };
    login.done.then(
      (account) =>
        this.settle(login, account.loggedIn ? { state: 'succeeded' } : { state: 'failed', error: 'The login did not complete. Try again.' }),
      (error: unknown) =>
        this.settle(login, { state: 'failed', error: redact(error instanceof Error ? error.message : 'The login failed.') }),
    );
    return this.view();
  }

  cancel(): void {
    const login = this.current;
    if (!login) return;
    this.settle(login, { state: 'cancelled' });
    login.cancel();
  }

  private settle(login: BrowserLogin, state: LoginView): void {
    if (this.current !== login) return;
    this.current = undefined;
    this.state = state;
  }
}
