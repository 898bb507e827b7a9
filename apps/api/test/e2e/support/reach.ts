import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * GET / of a site through the edge. Node does not resolve `*.localhost`
 * (Chromium and curl do), so it connects to 127.0.0.1 and names the site in `Host`.
 */
export function visit(
  port: number,
  host: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { ...headers, host }, timeout: 15_000 }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error(`GET http://${host}:${port}/ timed out`));
      })
      .on('error', reject);
  });
}

/** True when nothing listens on 127.0.0.1:<port> (the connection is refused), false when it connects. */
export function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`127.0.0.1:${port} neither accepted nor refused within 10 s`));
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve(true);
      else reject(error);
    });
  });
}

export interface SshKey {
  /** The temp folder holding both files; remove it with `removeSshKey`. */
  dir: string;
  /** The private key file, for `ssh -i`. */
  file: string;
  /** The OpenSSH public key line, as a person pastes it. */
  publicKey: string;
}

/** A fresh ed25519 key pair without passphrase, in its own temp folder. */
export async function makeSshKey(comment: string): Promise<SshKey> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostbay-key-'));
  const file = path.join(dir, 'id_ed25519');
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  return { dir, file, publicKey: (await readFile(`${file}.pub`, 'utf8')).trim() };
}

export async function removeSshKey(key: SshKey | undefined): Promise<void> {
  if (key) await rm(key.dir, { recursive: true, force: true });
}

/**
 * Runs `command` over SSH on 127.0.0.1:<port> with only this key (no agent, no
 * password prompt, no host key checks: every guest is new). Resolves with the
 * exit code and output rather than throwing, so tests can also expect refusals.
 */
export async function sshRun(
  key: SshKey,
  port: number,
  user: string,
  command: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [
    ...['-i', key.file, '-p', String(port)],
    ...['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes'],
    ...['-o', 'IdentitiesOnly=yes', '-o', 'ConnectTimeout=20', '-o', 'LogLevel=ERROR'],
    `${user}@127.0.0.1`,
    command,
  ];
  try {
    const { stdout, stderr } = await exec('ssh', args, { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
    };
  }
}

/**
 * A shell script for a guest that opens a TCP connection to each
 * `address:port` (bash's /dev/tcp, nothing to install) and prints one line
 * per target: `answered` (a test listener said hello), `connected`,
 * `refused`, `unreachable`, `timeout` or `other:<exit code>`.
 */
export function guestProbeScript(targets: readonly string[]): string {
  for (const target of targets) {
    if (!/^[0-9a-f.:]+:\d+$/.test(target)) throw new Error(`not an address:port: ${target}`);
  }
  // All at once (a TCG guest on a busy host starts each bash slowly), each line written whole by one echo.
  return [
    'probe() {',
    '  target=$1; host=${target%:*}; port=${target##*:}',
    '  out=$(timeout 6 bash -c "exec 3<>/dev/tcp/$host/$port || exit 7; echo connected; timeout 2 head -c 40 <&3" 2>&1); code=$?',
    '  case "$out" in',
    '    *hello*) echo "$target answered" ;;',
    '    connected*) echo "$target connected" ;;',
    '    *refused*) echo "$target refused" ;;',
    '    *"No route"*) echo "$target unreachable" ;;',
    '    *) if [ $code = 124 ]; then echo "$target timeout"; else echo "$target other:$code"; fi ;;',
    '  esac',
    '}',
    `for target in ${targets.join(' ')}; do probe "$target" & done`,
    'wait',
  ].join('\n');
}

/** The probe's lines as target → outcome. */
export function parseGuestProbe(stdout: string): Map<string, string> {
  return new Map(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' ') as [string, string]),
  );
}

/**
 * A command line as a person pastes it into a terminal (bash expands `*`), in `cwd` with only `env`;
 * resolves with the exit code and output, never throws.
 */
export async function runLikeATerminal(
  command: string,
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('bash', ['-c', command], { ...options, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
