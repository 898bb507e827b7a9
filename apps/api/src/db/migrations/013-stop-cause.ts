import type { Kysely, Migration } from 'kysely';

/**
 * Why a stopped hosting is off (StopCause in the contract): `member`, `operator`, `suspension`, or
 * `unexpected` when the reconciler found its machine off without being asked. NULL while it is not
 * stopped, and for hostings stopped before this column existed (nothing is known of why).
 */
export const addStopCause: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('hostings').addColumn('stop_cause', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('hostings').dropColumn('stop_cause').execute();
  },
};
