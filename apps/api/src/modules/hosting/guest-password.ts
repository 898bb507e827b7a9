import { randomBytes } from 'node:crypto';

/** A password for a hosting whose owner gave no SSH key: shown to the owner once, stored only hashed. */
export function generateGuestPassword(): string {
  return randomBytes(15).toString('base64url');
}
