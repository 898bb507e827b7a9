import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { ProcessRunner } from '../process/process-runner.js';

const QEMU_CONF = '/etc/libvirt/qemu.conf';

export interface LibvirtStatus {
  ok: boolean;
  detail: string;
}

/**
 * libvirt's system daemon. On a normal KVM host systemd runs it; on machines
 * without systemd (containers, CI) Hostbay starts `virtlogd` and `libvirtd`
 * itself when run as root.
 */
export class LibvirtDaemon {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly uri: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async status(): Promise<LibvirtStatus> {
    const result = await this.runner
      .run(['virsh', '-c', this.uri, 'version'], { timeoutMs: 15_000 })
      .catch((error: Error) => ({
        exitCode: 127,
        stdout: '',
        stderr: error.message,
      }));
    return result.exitCode === 0
      ? { ok: true, detail: `${this.uri} answers` }
      : { ok: false, detail: `${this.uri}: ${(result.stderr.trim().split('\n')[0] ?? 'no answer').slice(0, 200)}` };
  }

  /** Makes the daemon answer, starting it when this is a root process on a host where nobody runs it. */
  async ensureRunning(): Promise<void> {
    if (!this.uri.startsWith('qemu:///system') || (await this.status()).ok) return;
    if (process.getuid?.() !== 0) {
      throw new Error(
        `libvirt does not answer at ${this.uri}. Start it (systemctl start libvirtd) or run Hostbay as root.`,
      );
    }
    this.log('Starting libvirt (virtlogd, libvirtd)');
    await this.prepareHost();
    await this.runner.runChecked(['virtlogd', '-d'], { timeoutMs: 15_000 }).catch(() => undefined);
    await this.runner.runChecked(['libvirtd', '-d'], { timeoutMs: 15_000 });
    const deadline = Date.now() + 20_000;
    let last = await this.status();
    while (!last.ok && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      last = await this.status();
    }
    if (!last.ok) throw new Error(`libvirtd started but does not answer: ${last.detail}`);
  }

  /**
   * What Debian's libvirt-daemon-system would set up: the folders, the
   * `libvirt-qemu` account libvirtd insists on, and QEMU running as root so it
   * can read disks in Hostbay's (private) data folder. Only done where no
   * daemon runs yet and qemu.conf names no user of its own.
   */
  private async prepareHost(): Promise<void> {
    for (const dir of ['/var/log/libvirt/qemu', '/var/lib/libvirt/qemu', '/run/libvirt'])
      await mkdir(dir, { recursive: true });
    const account = await this.runner.run(['getent', 'passwd', 'libvirt-qemu']);
    if (account.exitCode !== 0) {
      await this.runner.runChecked([
        'useradd',
        '--system',
        '--user-group',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        'libvirt-qemu',
      ]);
    }
    const conf = existsSync(QEMU_CONF) ? await readFile(QEMU_CONF, 'utf8') : '';
    if (!/^\s*user\s*=/m.test(conf)) {
      await mkdir('/etc/libvirt', { recursive: true });
      await writeFile(
        QEMU_CONF,
        `${conf}\n# Added by Hostbay: QEMU reads VM disks in Hostbay's private data folder.\nuser = "root"\ngroup = "root"\n`,
      );
    }
  }
}
