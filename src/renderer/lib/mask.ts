// The client key on screen: hidden by default (screenshots, screen sharing), copied in full.

export function maskSecret(text: string, secret: string): string {
  if (!secret) return text;
  const masked = `${secret.slice(0, 4)}${'•'.repeat(12)}`;
  return text.split(secret).join(masked);
}
