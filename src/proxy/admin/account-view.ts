// The user's Cursor login as the UI shows it: from the AuthService when the gateway has one
// (storage, warnings, "log in again"), else from the plain token provider.
import type { AuthService } from '../auth/auth-service.js';
import type { TokenProvider } from '../auth/token-provider.js';
import type { AccountView } from '../../shared/thalamus-api.js';

/** The token provider is the login module's AuthService when it has the login methods. */
export function asAuthService(provider: TokenProvider): AuthService | undefined {
  const candidate = provider as Partial<AuthService>;
  return typeof candidate.startBrowserLogin === 'function' && typeof candidate.account === 'function' ? (provider as AuthService) : undefined;
}

export function accountView(provider: TokenProvider): AccountView {
  const auth = asAuthService(provider);
  if (auth) {
    const account = auth.account();
    return {
      loggedIn: account.loggedIn,
      email: account.email,
      expiresAt: account.expiresAt?.toISOString(),
      storage: account.storage,
      storageWarning: account.storageWarning,
      needsLogin: account.needsLogin,
    };
  }
  const status = provider.status();
  return {
    loggedIn: status.loggedIn,
    email: status.email,
    expiresAt: status.expiresAt?.toISOString(),
    // Without the login module, a token can only have come from THALAMUS_CURSOR_TOKEN.
    storage: status.loggedIn ? 'env' : undefined,
    needsLogin: false,
  };
}
