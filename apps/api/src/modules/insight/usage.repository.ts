import { sql, type Kysely, type OnConflictBuilder, type Selectable } from 'kysely';
import type { Database, UsageSamplesTable } from '../../db/schema.js';
import type { MachineUsage } from './usage.types.js';

/** One machine's use over the interval that ends at `at` (seconds since 1970). */
export interface UsageSample {
  hostingId: string;
  at: number;
  usage: MachineUsage;
}

/** A hosting whose machine the sampler looks for. */
export interface SampledMachine {
  id: string;
  vcpus: number;
}

/** Rows per INSERT: 500 × 10 values stay under every SQLite build's limit on bound values. */
const ROWS_PER_STATEMENT = 500;

/** What the graphs keep (012-usage-samples): points per hosting and resolution, in compact integers. */
export class UsageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** This installation's hostings that may have a machine (the database holds no other installation's). */
  async machines(): Promise<SampledMachine[]> {
    return this.db.selectFrom('hostings').select(['id', 'vcpus']).where('status', '<>', 'DELETED').execute();
  }

  /**
   * Stores one round's points in one transaction. A point already there (the same second, written again
   * after a restart) is replaced.
   */
  async insert(resolution: number, samples: readonly UsageSample[]): Promise<void> {
    if (samples.length === 0) return;
    const rows = samples.map((sample) => toRow(resolution, sample));
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        await trx
          .insertInto('usage_samples')
          .values(rows.slice(i, i + ROWS_PER_STATEMENT))
          .onConflict(replacingPoints)
          .execute();
      }
    });
  }

  /**
   * Averages the `source` points of every hosting in (after, until] into `resolution` points, one per
   * hosting and bucket; a bucket's point is at its end (a point at 12:00:10 joins the minute ending
   * 12:01:00). Running it again over the same buckets writes the same points: they replace themselves.
   */
  async aggregate(source: number, resolution: number, after: number, until: number): Promise<void> {
    // Integers from Hostbay's own table of levels, inlined: PostgreSQL cannot type a bare parameter here.
    const width = sql.lit(resolution);
    const bucket = sql<number>`((at + ${sql.lit(resolution - 1)}) / ${width}) * ${width}`;
    const mean = (column: 'cpu' | 'memory' | 'disk_read' | 'disk_write' | 'net_in' | 'net_out') =>
      sql<number>`cast(round(avg(${sql.ref(column)})) as bigint)`.as(column);
    await this.db
      .insertInto('usage_samples')
      .columns(['hosting_id', 'resolution', 'at', 'cpu', 'memory', 'disk_read', 'disk_write', 'net_in', 'net_out'])
      .expression((eb) =>
        eb
          .selectFrom('usage_samples')
          .select([
            'hosting_id',
            sql<number>`${width}`.as('resolution'),
            bucket.as('at'),
            mean('cpu'),
            mean('memory'),
            mean('disk_read'),
            mean('disk_write'),
            mean('net_in'),
            mean('net_out'),
          ])
          .where('resolution', '=', source)
          .where('at', '>', after)
          .where('at', '<=', until)
          .groupBy(['hosting_id', bucket]),
      )
      .onConflict(replacingPoints)
      .execute();
  }

  /** The newest point of a resolution, over all hostings (seconds), or undefined when there is none. */
  async newest(resolution: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('usage_samples')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('resolution', '=', resolution)
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  async oldest(resolution: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('usage_samples')
      .select((eb) => eb.fn.min('at').as('at'))
      .where('resolution', '=', resolution)
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  /** Forgets a resolution's points from before `before` (seconds). */
  async prune(resolution: number, before: number): Promise<void> {
    await this.db.deleteFrom('usage_samples').where('resolution', '=', resolution).where('at', '<', before).execute();
  }

  /**
   * Forgets the points of hostings deleted since `since`: older ones' points have aged out already (no point
   * is kept longer than the longest window), so the deleted hostings of all time need not be looked at.
   */
  async removeDeletedSince(since: Date): Promise<void> {
    await this.db
      .deleteFrom('usage_samples')
      .where('hosting_id', 'in', (eb) =>
        eb
          .selectFrom('hostings')
          .select('id')
          .where('status', '=', 'DELETED')
          .where('deleted_at', '>=', since.toISOString()),
      )
      .execute();
  }

  /** One hosting's points of a resolution after `after` (seconds), oldest first. */
  async points(hostingId: string, resolution: number, after: number): Promise<UsageSample[]> {
    const rows = await this.db
      .selectFrom('usage_samples')
      .selectAll()
      .where('hosting_id', '=', hostingId)
      .where('resolution', '=', resolution)
      .where('at', '>', after)
      .orderBy('at')
      .execute();
    return rows.map(toSample);
  }
}

/** A point written again (the same hosting, resolution and second) replaces the one there. */
function replacingPoints(oc: OnConflictBuilder<Database, 'usage_samples'>) {
  return oc.columns(['hosting_id', 'resolution', 'at']).doUpdateSet((eb) => ({
    cpu: eb.ref('excluded.cpu'),
    memory: eb.ref('excluded.memory'),
    disk_read: eb.ref('excluded.disk_read'),
    disk_write: eb.ref('excluded.disk_write'),
    net_in: eb.ref('excluded.net_in'),
    net_out: eb.ref('excluded.net_out'),
  }));
}

function toRow(resolution: number, { hostingId, at, usage }: UsageSample) {
  const bytes = (value: number | null) => (value === null ? null : Math.round(value));
  return {
    hosting_id: hostingId,
    resolution,
    at,
    cpu: Math.round(usage.cpuPercent * 100),
    memory: Math.round(usage.memoryBytes),
    disk_read: Math.round(usage.diskReadBytesPerSecond),
    disk_write: Math.round(usage.diskWriteBytesPerSecond),
    net_in: bytes(usage.networkInBytesPerSecond),
    net_out: bytes(usage.networkOutBytesPerSecond),
  };
}

function toSample(row: Selectable<UsageSamplesTable>): UsageSample {
  const bytes = (value: string | number | null) => (value === null ? null : Number(value));
  return {
    hostingId: row.hosting_id,
    at: Number(row.at),
    usage: {
      cpuPercent: Number(row.cpu) / 100,
      memoryBytes: Number(row.memory),
      diskReadBytesPerSecond: Number(row.disk_read),
      diskWriteBytesPerSecond: Number(row.disk_write),
      networkInBytesPerSecond: bytes(row.net_in),
      networkOutBytesPerSecond: bytes(row.net_out),
    },
  };
}
