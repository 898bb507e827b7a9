import { describe, expect, it } from 'vitest';
import { privateKeyKind } from '../../src/lib/private-key';

describe('privateKeyKind', () => {
  it.each([
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
    '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----',
    '-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n-----END PRIVATE KEY-----',
    '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBO\n-----END ENCRYPTED PRIVATE KEY-----',
    // Only the first line pasted, with the blanks a copy often brings.
    '  -----BEGIN OPENSSH PRIVATE KEY-----',
  ])('recognises a PEM or OpenSSH private key: %s', (text) => {
    expect(privateKeyKind(text)).toBe('pem');
  });

  it.each(['PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none', 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none'])(
    'recognises a PuTTY key file: %s',
    (text) => {
      expect(privateKeyKind(text)).toBe('putty');
    },
  );

  it.each([
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJd0cmVhbGtleWZvcnRlc3RzMTIzNDU2Nzg5MA alice@laptop',
    // A public key's own PEM form and a PuTTY public key file are not secrets.
    '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----',
    '---- BEGIN SSH2 PUBLIC KEY ----\nComment: "alice"\nAAAAC3NzaC1lZDI1NTE5\n---- END SSH2 PUBLIC KEY ----',
    '',
  ])('leaves anything else to the API: %s', (text) => {
    expect(privateKeyKind(text)).toBeNull();
  });
});
