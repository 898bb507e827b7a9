/**
 * The commands that put a site on a hosting, for this hosting's user, SSH host and port. One source for the
 * dashboard's "Publish your site" card and the welcome page the machine starts with, so that both always
 * say the same thing (and docs/users.md walks through the same commands).
 *
 * The values are the hosting's own (a DNS label for the user, a validated host name or address, a port
 * number), so none of them needs shell quoting.
 */
export interface PublishTarget {
  user: string;
  host: string;
  port: number;
}

export interface PublishCommands {
  /** A shell on the machine. */
  ssh: string;
  /** Copies the contents of the folder `site` into the web root, from Linux or macOS (the shell expands `*`). */
  scpUnix: string;
  /**
   * The same from Windows 10 (1809) or later, where OpenSSH is built in, in PowerShell or cmd. Neither shell
   * expands `*` for a program; Windows' own scp.exe does: it turns `\` into `/` and globs each local
   * argument itself (PowerShell/openssh-portable#283, in every release since 7.7). The Windows-style path
   * is the one a Windows user types and recognises.
   */
  scpWindows: string;
  /** An interactive SFTP session (`put`, `ls`, `rm`) that starts in the web root (`host:dir/`): the same on every system. */
  sftp: string;
  /** Copies only what changed, from Linux or macOS (Windows has no rsync of its own). The trailing `/` of `./site/` means "its contents". */
  rsync: string;
}

/** Where a member's site lives on the machine: Debian's nginx serves this folder, and the member owns it. */
export const WEB_ROOT = '/var/www/html';

export function publishCommands({ user, host, port }: PublishTarget): PublishCommands {
  const login = `${user}@${host}`;
  return {
    ssh: `ssh -p ${port} ${login}`,
    scpUnix: `scp -P ${port} -r ./site/* ${login}:${WEB_ROOT}/`,
    scpWindows: `scp -P ${port} -r .\\site\\* ${login}:${WEB_ROOT}/`,
    sftp: `sftp -P ${port} ${login}:${WEB_ROOT}/`,
    rsync: `rsync -av -e "ssh -p ${port}" ./site/ ${login}:${WEB_ROOT}/`,
  };
}
