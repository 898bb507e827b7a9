/**
 * What backups need from the host: a deduplicating, encrypting repository
 * (restic in adapters/restic). The unit tier replaces it with a fake.
 */

/** How many backups a hosting keeps, as restic's `forget` policy words it: the newest of each day, week, month. */
export interface KeepPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

/** One backup in the repository (a restic snapshot). */
export interface StoredBackup {
  id: string;
  time: Date;
  tags: string[];
  paths: string[];
}

export interface BackupProgress {
  /** 0 to 1. */
  fraction: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface BackupSummary {
  id: string;
  /** What this backup added to the repository after deduplication (restic 0.14 counts it before compression). */
  bytesAdded: number;
  /** What it read. */
  bytesProcessed: number;
}

/**
 * A backup vault: restic's repository (HOSTBAY_BACKUP_REPOSITORY). A backup exists only once it is whole: one cut short
 * by a crash leaves data nobody refers to, which `prune` removes.
 */
export interface BackupVault {
  /** Makes the repository exist (initialised with its password); an existing one is left as it is. */
  ensure(): Promise<void>;
  /** Backs up the files (absolute paths) as one backup with these tags; `time` stands in for now (a simulated day). */
  backup(
    paths: readonly string[],
    options: { tags: readonly string[]; time?: Date; onProgress?: (progress: BackupProgress) => void },
  ): Promise<BackupSummary>;
  /** Backups with all of these tags, oldest first. */
  list(tags?: readonly string[]): Promise<StoredBackup[]>;
  /** Forgets the backups with these tags that the policy does not keep; gives the ids kept and removed. */
  forget(tags: readonly string[], keep: KeepPolicy): Promise<{ kept: string[]; removed: string[] }>;
  /** Forgets these backups, whatever the policy. */
  forgetIds(ids: readonly string[]): Promise<void>;
  /** Frees the room of forgotten backups and of backups cut short. */
  prune(): Promise<void>;
  /** Writes the backup's files under `target` (each at its absolute path below it). */
  restore(id: string, target: string): Promise<void>;
  /** What the repository holds on its disk, in bytes. */
  storedBytes(): Promise<number>;
}
