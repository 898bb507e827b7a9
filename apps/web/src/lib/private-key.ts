/**
 * Recognises a private key pasted where a public key belongs, so the create dialog can refuse it before
 * anything leaves the browser: OpenSSH, PEM (RSA, EC, PKCS#8, encrypted) and PuTTY's .ppk files.
 */
export type PrivateKeyKind = 'pem' | 'putty';

const PEM_PRIVATE = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const PUTTY_PRIVATE = /^\s*PuTTY-User-Key-File-\d+:/m;

export function privateKeyKind(text: string): PrivateKeyKind | null {
  if (PUTTY_PRIVATE.test(text)) return 'putty';
  if (PEM_PRIVATE.test(text)) return 'pem';
  return null;
}
