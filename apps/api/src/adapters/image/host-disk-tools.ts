import type { DiskTools, Ext4Request } from '../../modules/image/image.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';

/** du, mke2fs (`-d`: filled from a folder, no loop device, no mount) and qemu-img. */
export class HostDiskTools implements DiskTools {
  constructor(private readonly runner: ProcessRunner) {}

  async usedBytes(dir: string): Promise<number> {
    const du = await this.runner.runChecked(['du', '-s', '-B1', '--one-file-system', dir], {
      timeoutMs: 10 * 60_000,
    });
    const bytes = Number(du.stdout.split(/\s/)[0]);
    if (!Number.isFinite(bytes) || bytes <= 0) throw new Error(`cannot measure ${dir}: ${du.stdout}`);
    return bytes;
  }

  async makeExt4(request: Ext4Request): Promise<void> {
    await this.runner.runChecked(
      [
        'mke2fs',
        '-q',
        '-F',
        '-t',
        'ext4',
        '-L',
        request.label,
        '-d',
        request.from,
        request.file,
        `${Math.ceil(request.sizeBytes / 1024)}k`,
      ],
      { timeoutMs: 15 * 60_000 },
    );
  }

  async convertToQcow2(raw: string, qcow2: string): Promise<void> {
    await this.runner.runChecked(['qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', raw, qcow2], {
      timeoutMs: 15 * 60_000,
    });
  }
}
