import type { Snapshot, SnapshotList } from '@hostbay/contract/snapshot';
import type { SnapshotRecord } from './snapshot.types.js';

export function presentSnapshot(record: SnapshotRecord): Snapshot {
  return {
    id: record.id,
    name: record.name,
    state: record.state,
    taken_while: record.takenWhile,
    size_bytes: record.sizeBytes,
    problem: record.problem,
    created_at: record.createdAt,
    ready_at: record.readyAt,
  };
}

export function presentSnapshotList(records: SnapshotRecord[], limit: number): SnapshotList {
  return { items: records.map(presentSnapshot), limit };
}
