import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { uniqueViolation } from '../../db/errors.js';
import type { Database, PlansTable } from '../../db/schema.js';
import { toIso } from '../users/user.repository.js';
import type { PlanLimits, PlanRecord } from './plan.types.js';

/** Raised by insert and update when another plan has the name (the unique index decided). */
export class DuplicatePlanNameError extends Error {
  constructor() {
    super('duplicate plan name');
  }
}

function toRecord(row: Selectable<PlansTable>): PlanRecord {
  return {
    id: row.id,
    name: row.name,
    limits: { vcpus: row.vcpus, memoryMb: row.memory_mb, diskGb: row.disk_gb, snapshots: Number(row.snapshots) },
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export interface PlanChange {
  name?: string;
  limits?: Partial<PlanLimits>;
}

/** The named plans, and which member is on which (users.plan_id; null is the default plan). */
export class PlanRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<PlanRecord[]> {
    const rows = await this.db.selectFrom('plans').selectAll().orderBy('name').execute();
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<PlanRecord | undefined> {
    const row = await this.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async insert(name: string, limits: PlanLimits, now = new Date()): Promise<PlanRecord> {
    const at = now.toISOString();
    return this.unique(async () => {
      const row = await this.db
        .insertInto('plans')
        .values({
          id: randomUUID(),
          name,
          vcpus: limits.vcpus,
          memory_mb: limits.memoryMb,
          disk_gb: limits.diskGb,
          snapshots: limits.snapshots,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    });
  }

  /** The updated plan, or undefined when there is no such plan. */
  async update(id: string, change: PlanChange, now = new Date()): Promise<PlanRecord | undefined> {
    const { limits = {} } = change;
    return this.unique(async () => {
      const row = await this.db
        .updateTable('plans')
        .set({
          updated_at: now.toISOString(),
          ...(change.name === undefined ? {} : { name: change.name }),
          ...(limits.vcpus === undefined ? {} : { vcpus: limits.vcpus }),
          ...(limits.memoryMb === undefined ? {} : { memory_mb: limits.memoryMb }),
          ...(limits.diskGb === undefined ? {} : { disk_gb: limits.diskGb }),
          ...(limits.snapshots === undefined ? {} : { snapshots: limits.snapshots }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    });
  }

  /**
   * Deletes the plan unless a member is on it, in one statement, so that no
   * member is left on a plan that is gone by a check made a moment earlier.
   */
  async deleteUnused(id: string): Promise<'deleted' | 'in-use' | 'missing'> {
    const result = await this.db
      .deleteFrom('plans')
      .where('id', '=', id)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('users').select(sql.lit(1).as('one')).where('plan_id', '=', id))),
      )
      .executeTakeFirst();
    if (Number(result.numDeletedRows) > 0) return 'deleted';
    return (await this.findById(id)) ? 'in-use' : 'missing';
  }

  /** How many members are on each plan; the key null counts the default plan's. */
  async countMembers(): Promise<Map<string | null, number>> {
    const rows = await this.db
      .selectFrom('users')
      .select(['plan_id', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('plan_id')
      .execute();
    return new Map(rows.map((row) => [row.plan_id, Number(row.count)]));
  }

  /**
   * Puts the member on a plan (null: the default), only if that plan exists,
   * in one statement. 'no-plan' when the plan is gone, 'no-user' when the member is.
   */
  async assign(userId: string, planId: string | null, now = new Date()): Promise<'assigned' | 'no-user' | 'no-plan'> {
    const result = await this.db
      .updateTable('users')
      .set({ plan_id: planId, updated_at: now.toISOString() })
      .where('id', '=', userId)
      .$if(planId !== null, (query) =>
        query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('plans')
              .select(sql.lit(1).as('one'))
              .where('id', '=', planId ?? ''),
          ),
        ),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return 'assigned';
    const user = await this.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    return user ? 'no-plan' : 'no-user';
  }

  private async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (uniqueViolation(error)?.includes('name')) throw new DuplicatePlanNameError();
      throw error;
    }
  }
}
