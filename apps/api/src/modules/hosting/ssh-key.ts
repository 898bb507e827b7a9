import sshpk from 'sshpk';
import { ValidationError } from '../../errors.js';

const MIN_RSA_BITS = 2048;

/**
 * Checks an OpenSSH public key beyond its shape: it must parse, be ed25519,
 * ECDSA or RSA of at least 2048 bits, and be a single line. Returns it
 * normalised (type, key and the comment, single-spaced).
 */
export function validateSshPublicKey(text: string): string {
  const line = text.trim();
  const refuse = (message: string) => new ValidationError(message, [{ field: 'ssh_public_key', message }]);
  if (/[\r\n]/.test(line)) throw refuse('Paste exactly one public key line.');
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(line, 'ssh');
  } catch {
    throw refuse('This is not an OpenSSH public key. Paste the contents of your ~/.ssh/id_ed25519.pub.');
  }
  if (key.type === 'rsa' && key.size < MIN_RSA_BITS)
    throw refuse(`RSA keys must have at least ${MIN_RSA_BITS} bits; this one has ${key.size}.`);
  if (!['ed25519', 'ecdsa', 'rsa'].includes(key.type))
    throw refuse(`${key.type} keys are not accepted; use ed25519, ECDSA or RSA.`);
  return line.replace(/\s+/g, ' ');
}
