import { publishCommands } from '@hostbay/contract/publish-commands';
import { describe, expect, it } from 'vitest';

describe('publishCommands', () => {
  const commands = publishCommands({ user: 'alice', host: 'hosting.example.org', port: 2201 });

  it("names this hosting's port, user and host in every command", () => {
    expect(commands).toEqual({
      ssh: 'ssh -p 2201 alice@hosting.example.org',
      scpUnix: 'scp -P 2201 -r ./site/* alice@hosting.example.org:/var/www/html/',
      scpWindows: 'scp -P 2201 -r .\\site\\* alice@hosting.example.org:/var/www/html/',
      sftp: 'sftp -P 2201 alice@hosting.example.org:/var/www/html/',
      rsync: 'rsync -av -e "ssh -p 2201" ./site/ alice@hosting.example.org:/var/www/html/',
    });
  });

  it('uses -P for scp and sftp but -p for ssh, as each program wants', () => {
    expect(commands.ssh).toContain(' -p 2201 ');
    expect(commands.scpUnix).toContain(' -P 2201 ');
    expect(commands.sftp).toContain(' -P 2201 ');
  });
});
