import type { AuditAction, AuditResult } from '@hostbay/contract/audit';

/** Who did it: a signed-in user, someone not signed in, Hostbay itself, or an operator at the command line. */
export type AuditActor =
  | { kind: 'user'; id: string; name: string }
  | { kind: 'anonymous' }
  | { kind: 'system' }
  | { kind: 'cli'; name: string };

/** What the action was done to. */
export interface AuditTarget {
  kind: 'user' | 'hosting' | 'invitation' | 'plan' | 'domain' | 'snapshot';
  id: string | null;
  name?: string | null;
}

/** Where the request came from: the client address and the request id that the log lines also carry. */
export interface AuditOrigin {
  clientIp: string | null;
  requestId: string | null;
}

export interface NewAuditEntry {
  at?: Date;
  actor: AuditActor;
  action: AuditAction;
  target?: AuditTarget | null;
  origin?: AuditOrigin;
  result: AuditResult;
  /** A few facts worth keeping (never a password, a token or a host path). */
  detail?: Record<string, string | number | boolean | null>;
}

export interface AuditRecord {
  id: number;
  at: string;
  actorKind: AuditActor['kind'];
  actorId: string | null;
  actorName: string | null;
  action: AuditAction;
  targetKind: string | null;
  targetId: string | null;
  targetName: string | null;
  clientIp: string | null;
  requestId: string | null;
  result: AuditResult;
  detail: Record<string, unknown> | null;
}

/** A page of the log, newest first; `before` continues after the last entry of the previous page. */
export interface AuditQuery {
  limit: number;
  before?: { at: string; id: number };
  actorId?: string;
  targetId?: string;
  action?: AuditAction;
  result?: AuditResult;
  since?: Date;
  until?: Date;
}
