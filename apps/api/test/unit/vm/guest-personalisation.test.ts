import { describe, expect, it } from 'vitest';
import { personalisationCommand, type Personalisation } from '../../../src/modules/vm/guest-personalisation.js';
import { PASSWORD_HASH, SSH_KEY } from './factories.js';

const input: Personalisation = {
  username: 'alice',
  machineId: '0123456789abcdef0123456789abcdef',
  sshPublicKey: SSH_KEY,
  entropy: 'ab'.repeat(64),
  now: 1_800_000_000,
  hostKeys: [{ type: 'ed25519', privateKey: 'PRIVATE', publicKey: 'ssh-ed25519 AAAA host' }],
  access: { siteUrl: 'http://alice.hosting.example.org/', sshHost: 'hosting.example.org', sshPort: 2201 },
};

/** Standard input as the guest's program splits it: the page, the member's key, then the host keys. */
function parts(personalisation: Personalisation): string[] {
  return personalisationCommand(personalisation).stdin.split('\0');
}

describe('making a restored machine the member’s (instant path)', () => {
  it("writes the same welcome page as a cold boot, with this hosting's commands", () => {
    const [page, key, ...hostKeys] = parts(input);
    expect(page).toContain('<h1>Welcome, alice!</h1>');
    expect(page).toContain('scp -P 2201 -r ./site/* alice@hosting.example.org:/var/www/html/');
    expect(page).toContain('Your SSH key logs you in.');
    expect(key).toBe(SSH_KEY);
    expect(hostKeys).toEqual(['ed25519', 'PRIVATE', 'ssh-ed25519 AAAA host']);
  });

  it('tells a member with a password to type it, and turns password logins on', () => {
    const withPassword = { ...input, sshPublicKey: undefined, passwordHash: PASSWORD_HASH };
    const [page, key] = parts(withPassword);
    expect(page).toContain('Type your SSH password when it asks.');
    expect(key).toBe('');
    const { argv } = personalisationCommand(withPassword);
    expect(argv.slice(5, 8)).toEqual(['alice', input.machineId, PASSWORD_HASH]);
    expect(argv[10]).toBe('yes');
  });

  it('writes a page without commands for a hosting without a public SSH port', () => {
    const [page] = parts({ ...input, access: undefined });
    expect(page).toContain('<h1>Welcome, alice!</h1>');
    expect(page).not.toContain('scp ');
  });

  it('gives the whole web root, and the page, to the member', () => {
    // The program runs as root in the guest (e2e checks the result); what it is told to do is checked here.
    const script = personalisationCommand(input).argv[4];
    expect(script).toContain("for root, dirs, files in os.walk('/var/www/html'):");
    expect(script).toContain("os.chown('/var/www/html', uid, uid)");
    expect(script).toContain("write('/var/www/html/index.html', page, 0o644, uid, uid)");
  });
});
