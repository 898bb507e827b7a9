import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import sshpk from 'sshpk';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { validateSshPublicKey } from '../../../src/modules/hosting/ssh-key.js';
import { GuestSshKey } from '../../../src/modules/vm/vm.spec.js';

/** A public key as an OpenSSH line. */
function sshLine(publicKey: KeyObject): string {
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return `${sshpk.parseKey(pem, 'pem').toString('ssh')} test@host`;
}

function refusal(text: string): ValidationError {
  try {
    validateSshPublicKey(text);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the key was accepted');
}

describe('validateSshPublicKey', () => {
  it.each([
    ['U+0085 (next line)', '\u0085'],
    ['a NUL', '\u0000'],
    ['an escape', '\u001b[31m'],
  ])('refuses a key whose comment has %s, which the guest could not take', (_what, control) => {
    const line = sshLine(generateKeyPairSync('ed25519').publicKey);
    const error = refusal(`${line}${control}more`);
    expect(error.details).toEqual([expect.objectContaining({ field: 'ssh_public_key', code: 'ssh_key_format' })]);
  });

  it('takes every key it accepts into a VM specification (one rule for both)', () => {
    const key = validateSshPublicKey(`${sshLine(generateKeyPairSync('ed25519').publicKey)}\tcafé ☕ laptop`);
    expect(GuestSshKey.safeParse(key).success).toBe(true);
  });

  it('accepts an ed25519 key and single-spaces it', () => {
    const line = sshLine(generateKeyPairSync('ed25519').publicKey);
    expect(validateSshPublicKey(`  ${line.replace(' ', '   ')}  `)).toBe(line);
  });

  it.each([
    ['two lines', 'ssh-ed25519 AAAA\nssh-ed25519 BBBB', 'ssh_key_one_line', /^Paste exactly one public key line\.$/],
    ['garbage', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7 short', 'ssh_key_unparsable', /not an OpenSSH public key/],
    [
      'a 1024-bit RSA key',
      sshLine(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey),
      'ssh_key_rsa_too_small',
      /2048 bits\. This one has 1024\.$/,
    ],
    [
      'a DSA key',
      sshLine(generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).publicKey),
      'ssh_key_type',
      /This one is dsa\.$/,
    ],
  ])('refuses %s with code %s at the key field', (_what, text, code, message) => {
    const error = refusal(text);
    expect(error.message).toMatch(message);
    expect(error.details).toEqual([{ field: 'ssh_public_key', message: error.message, code }]);
  });
});
