// An AuthService double for the admin API and UI tests: the browser login settles when the
// test approves it, so the login flow can be driven without Cursor's login servers.
import type { AccountStatus, AuthService, BrowserLogin } from '../../src/proxy/auth/auth-service.js';

export const STUB_LOGIN_EMAIL = 'grace@example.com';

export class StubAuth implements AuthService {
  current: AccountStatus = { loggedIn: false, needsLogin: false };
  logins: Array<{ approve(): void; cancelled: boolean }> = [];
  loggedOut = 0;

  getAccessToken = async () => 'token';
  refreshAfterUnauthenticated = async () => false;
  status = () => this.current;
  account = () => this.current;
  startBrowserLogin(): BrowserLogin {
    let settle!: (status: AccountStatus) => void;
    const done = new Promise<AccountStatus>((resolve) => (settle = resolve));
    const record = {
      cancelled: false,
      approve: () => {
        this.current = { loggedIn: true, email: STUB_LOGIN_EMAIL, expiresAt: new Date('2031-01-01T00:00:00Z'), storage: 'keychain', needsLogin: false };
        settle(this.current);
      },
    };
    this.logins.push(record);
    return {
      url: `https://cursor.example/loginDeepControl?uuid=${this.logins.length}`,
      done,
      cancel: () => {
        record.cancelled = true;
        settle({ loggedIn: false, needsLogin: false });
      },
    };
  }
  pollNow() {}
  loginWithApiKey = async () => this.current;
  loginWithToken = async () => this.current;
  importExisting = async () => this.current;
  async logout() {
    this.loggedOut += 1;
    this.current = { loggedIn: false, needsLogin: false };
  }
  onChange() {
    return () => {};
  }
}
