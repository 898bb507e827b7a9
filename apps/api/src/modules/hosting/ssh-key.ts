import { MIN_RSA_BITS, VALIDATION_MESSAGES, type ValidationMessageCode } from '@hostbay/contract/validation-messages';
import { SSH_PUBLIC_KEY_PATTERN } from '@hostbay/contract/patterns';
import sshpk from 'sshpk';
import { ValidationError } from '../../errors.js';

/** A 422 on the key field, with the message's stable code; `found` says what this key is, for API clients. */
function refuse(code: ValidationMessageCode, found?: string): ValidationError {
  const message = found === undefined ? VALIDATION_MESSAGES[code] : `${VALIDATION_MESSAGES[code]} ${found}`;
  return new ValidationError(message, [{ field: 'ssh_public_key', message, code }]);
}

/**
 * Checks an OpenSSH public key beyond its shape: it must parse, be ed25519,
 * ECDSA or RSA of at least 2048 bits, and be a single line. Returns it
 * normalised (type, key and the comment, single-spaced).
 */
export function validateSshPublicKey(text: string): string {
  const line = text.trim();
  if (/[\r\n]/.test(line)) throw refuse('ssh_key_one_line');
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(line, 'ssh');
  } catch {
    throw refuse('ssh_key_unparsable');
  }
  if (key.type === 'rsa' && key.size < MIN_RSA_BITS) throw refuse('ssh_key_rsa_too_small', `This one has ${key.size}.`);
  if (!['ed25519', 'ecdsa', 'rsa'].includes(key.type)) throw refuse('ssh_key_type', `This one is ${key.type}.`);
  const normalised = line.replace(/\s+/g, ' ');
  // The rule the VM specification applies when the seed is written: refused here, it is a 422, not an ERROR later.
  if (!SSH_PUBLIC_KEY_PATTERN.test(normalised)) throw refuse('ssh_key_format');
  return normalised;
}
