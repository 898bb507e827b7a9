import type { AuditQuery, AuditRecord, NewAuditEntry } from './audit.types.js';

/** Where the audit log writes: its repository, or a fake in the unit tier. */
export interface AuditStore {
  append(entry: NewAuditEntry): Promise<void>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
  pruneBefore(cutoff: Date): Promise<number>;
}

export interface AuditLogger {
  error(details: object, message: string): void;
}

/**
 * Who did what: every state-changing action by anyone. An entry that cannot
 * be written does not undo the action it records (that has happened); it is
 * logged as an error for the operator.
 */
export class AuditLog {
  constructor(
    private readonly store: AuditStore,
    private readonly log: AuditLogger,
    private readonly retentionDays: number,
  ) {}

  async record(entry: NewAuditEntry): Promise<void> {
    try {
      await this.store.append(entry);
    } catch (error) {
      this.log.error({ err: error, audit: { action: entry.action, result: entry.result } }, 'audit entry lost');
    }
  }

  list(query: AuditQuery): Promise<AuditRecord[]> {
    return this.store.list(query);
  }

  /** Drops what the retention setting no longer keeps. */
  prune(now = new Date()): Promise<number> {
    return this.store.pruneBefore(new Date(now.getTime() - this.retentionDays * 86_400_000));
  }
}
