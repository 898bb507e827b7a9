import { z } from 'zod';
import type {
  BackupProgress,
  BackupVault,
  BackupSummary,
  KeepPolicy,
  StoredBackup,
} from '../../modules/backups/backup.ports.js';
import { CommandError, type ProcessRunner } from '../process/process-runner.js';
import type { StreamingProcessRunner } from '../process/streaming-process-runner.js';

export interface ResticOptions {
  /** Where the repository is, as restic reads it: a folder (a mounted NAS), `sftp:…`, `s3:…`, `rest:…`. */
  repository: string;
  /** The file holding the repository's password (mode 0600). */
  passwordFile: string;
  /** Extra environment for restic (an object store's credentials). */
  env?: NodeJS.ProcessEnv;
}

const Snapshot = z.object({
  id: z.string(),
  time: z.string(),
  tags: z.array(z.string()).nullish(),
  paths: z.array(z.string()),
});
const Status = z.object({
  message_type: z.literal('status'),
  percent_done: z.number().optional(),
  bytes_done: z.number().optional(),
  total_bytes: z.number().optional(),
});
const Summary = z.object({
  message_type: z.literal('summary'),
  snapshot_id: z.string(),
  data_added: z.number(),
  total_bytes_processed: z.number(),
});
const ForgetGroups = z.array(
  z.object({
    keep: z.array(z.object({ id: z.string() })).nullish(),
    remove: z.array(z.object({ id: z.string() })).nullish(),
  }),
);
const Stats = z.object({ total_size: z.number() });

/** Hours are long: a first backup of many disks, or a prune of a large repository. */
const LONG_MS = 6 * 3_600_000;

/**
 * A restic repository: deduplicated (a disk that changed a little costs a
 * little), encrypted, and atomic (a backup counts only once its snapshot is
 * written). restic runs at the lowest CPU and I/O priority (`nice`,
 * `ionice -c3`), so a backup never takes time from the members' VMs.
 */
export class ResticVault implements BackupVault {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly streaming: StreamingProcessRunner,
    private readonly options: ResticOptions,
  ) {}

  async ensure(): Promise<void> {
    const probe = await this.runner.run(this.command(['cat', 'config']), { env: this.env(), timeoutMs: 60_000 });
    if (probe.exitCode === 0) return;
    await this.runner.runChecked(this.command(['init']), { env: this.env(), timeoutMs: 120_000 });
  }

  async backup(
    paths: readonly string[],
    options: { tags: readonly string[]; time?: Date; onProgress?: (progress: BackupProgress) => void },
  ): Promise<BackupSummary> {
    const args = ['backup', '--json', '--host', 'hostbay', ...options.tags.flatMap((tag) => ['--tag', tag])];
    if (options.time) args.push('--time', resticTime(options.time));
    let summary: BackupSummary | undefined;
    const command = this.lowPriority(this.command([...args, '--', ...paths]));
    const result = await this.streaming.runStreaming(command, {
      env: this.env(),
      timeoutMs: LONG_MS,
      onLine: (line) => {
        const message = parseJson(line);
        const status = Status.safeParse(message);
        if (status.success && options.onProgress)
          options.onProgress({
            fraction: status.data.percent_done ?? 0,
            bytesDone: status.data.bytes_done ?? 0,
            bytesTotal: status.data.total_bytes ?? 0,
          });
        const done = Summary.safeParse(message);
        if (done.success)
          summary = {
            id: done.data.snapshot_id,
            bytesAdded: done.data.data_added,
            bytesProcessed: done.data.total_bytes_processed,
          };
      },
    });
    // restic exits 3 when some files could not be read: such a backup is not one to restore from.
    if (result.exitCode !== 0) throw new CommandError(command, result, `exited with ${result.exitCode}`);
    if (!summary) throw new CommandError(command, result, 'ended without a summary');
    // restic 0.14's summary names the snapshot by its short id; forget and snapshots name it in full.
    return { ...summary, id: await this.fullId(summary.id) };
  }

  async list(tags: readonly string[] = []): Promise<StoredBackup[]> {
    const filter = tags.length > 0 ? ['--tag', tags.join(',')] : [];
    const { stdout } = await this.runner.runChecked(this.command(['snapshots', '--json', ...filter]), {
      env: this.env(),
      timeoutMs: 120_000,
    });
    return z
      .array(Snapshot)
      .parse(JSON.parse(stdout))
      .map((s) => ({ id: s.id, time: new Date(s.time), tags: s.tags ?? [], paths: s.paths }))
      .sort((a, b) => a.time.getTime() - b.time.getTime());
  }

  async forget(tags: readonly string[], keep: KeepPolicy): Promise<{ kept: string[]; removed: string[] }> {
    const { stdout } = await this.runner.runChecked(
      this.command([
        'forget',
        '--json',
        '--tag',
        tags.join(','),
        // Each hosting's backups are a group of their own: one hosting's never count toward another's policy.
        '--group-by',
        'tags',
        '--keep-daily',
        String(keep.daily),
        '--keep-weekly',
        String(keep.weekly),
        '--keep-monthly',
        String(keep.monthly),
      ]),
      { env: this.env(), timeoutMs: 600_000 },
    );
    const groups = ForgetGroups.parse(JSON.parse(stdout || '[]'));
    return {
      kept: groups.flatMap((g) => (g.keep ?? []).map((s) => s.id)),
      removed: groups.flatMap((g) => (g.remove ?? []).map((s) => s.id)),
    };
  }

  async forgetIds(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.runner.runChecked(this.command(['forget', ...ids]), { env: this.env(), timeoutMs: 600_000 });
  }

  async prune(): Promise<void> {
    await this.runner.runChecked(this.lowPriority(this.command(['prune'])), { env: this.env(), timeoutMs: LONG_MS });
  }

  async restore(id: string, target: string): Promise<void> {
    await this.runner.runChecked(this.lowPriority(this.command(['restore', id, '--target', target])), {
      env: this.env(),
      timeoutMs: LONG_MS,
    });
  }

  async storedBytes(): Promise<number> {
    const { stdout } = await this.runner.runChecked(this.command(['stats', '--json', '--mode', 'raw-data']), {
      env: this.env(),
      timeoutMs: 600_000,
    });
    return Stats.parse(JSON.parse(stdout)).total_size;
  }

  private async fullId(shortId: string): Promise<string> {
    const { stdout } = await this.runner.runChecked(this.command(['snapshots', '--json', shortId]), {
      env: this.env(),
      timeoutMs: 120_000,
    });
    const [snapshot] = z.array(Snapshot).parse(JSON.parse(stdout));
    if (!snapshot) throw new Error(`restic lists no snapshot ${shortId} right after writing it`);
    return snapshot.id;
  }

  private command(args: readonly string[]): string[] {
    return ['restic', '--repo', this.options.repository, '--password-file', this.options.passwordFile, ...args];
  }

  private lowPriority(command: readonly string[]): string[] {
    return ['nice', '-n', '19', 'ionice', '-c', '3', ...command];
  }

  private env(): NodeJS.ProcessEnv {
    // No cache in a home folder the service may not have: restic keeps its own beside the data.
    // TZ: --time is read as local time, and Hostbay writes it in UTC.
    return { ...process.env, ...this.options.env, RESTIC_CACHE_DIR: `${this.options.passwordFile}.cache`, TZ: 'UTC' };
  }
}

/** restic's --time format, in UTC (restic reads it as local time: restic runs with TZ=UTC). */
function resticTime(time: Date): string {
  return time.toISOString().slice(0, 19).replace('T', ' ');
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
