import type { ActivityActor, ActivityEntry } from '@hostbay/contract/account';
import type { AuditRecord } from '../audit/audit.types.js';

/** Who did it, as the member reads it: themselves, an administrator, someone else (a failed login), or Hostbay. */
function actorOf(entry: AuditRecord, userId: string): ActivityActor {
  if (entry.actorKind === 'user' && entry.actorId === userId) return 'you';
  if (entry.actorKind === 'system') return 'system';
  if (entry.actorKind === 'cli' || entry.action.startsWith('admin.') || entry.action.startsWith('cli.'))
    return 'administrator';
  return 'someone';
}

/** One audit entry as a line of the member's own activity: no one else's name or request id. */
export function presentActivity(entry: AuditRecord, userId: string): ActivityEntry {
  const by = actorOf(entry, userId);
  return {
    id: String(entry.id),
    at: entry.at,
    action: entry.action,
    by,
    // Where a login came from is the member's business (theirs, or a stranger's at their account); an admin's is not.
    client_ip: by === 'administrator' || by === 'system' ? null : entry.clientIp,
    result: entry.result,
  };
}
