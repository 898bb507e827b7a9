import { randomBytes } from 'node:crypto';

/**
 * A password Hostbay makes for someone and shows them once (a hosting's SSH password, an
 * admin's reset, the first admin's account): 18 random bytes, 24 characters of base64url,
 * 144 bits, with nothing a shell or a URL would mangle when it is copied.
 */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
