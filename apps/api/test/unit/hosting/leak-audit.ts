import { expect } from 'vitest';
import type { Lifecycle } from './lifecycle.js';
import { OPEN_JOB_STATES } from './fakes/memory-database.js';

const sorted = (values: Iterable<string>) => [...values].sort();

/**
 * Fails the test when the database and the outside world disagree, as the
 * integration harness's leak audit does: every domain, volume, route and
 * allocation belongs to a hosting whose creation made it, and no job is left
 * open. Waits for running jobs to end first.
 */
export async function leakAudit(life: Lifecycle): Promise<void> {
  await life.waitFor('every job to end', 2000, () =>
    life.db.tables.jobs.some((j) => OPEN_JOB_STATES.includes(j.state)) ? undefined : true,
  );
  for (const hostbay of life.processes) await hostbay.worker.idle();
  const { hostings, steps, allocations } = life.db.tables;
  const active = hostings.filter((h) => h.status !== 'DELETED');
  const done = (id: string, name: string) =>
    steps.some((s) => s.hostingId === id && s.jobKind === 'create' && s.name === name && s.state === 'done');
  const ids = (predicate: (h: (typeof active)[number]) => boolean) => sorted(active.filter(predicate).map((h) => h.id));

  expect(sorted(life.vm.domains.keys()), 'domains').toEqual(ids((h) => done(h.id, 'define_vm')));
  expect(sorted(life.vm.owners()), 'VM volumes').toEqual(
    ids((h) => done(h.id, 'write_seed') || done(h.id, 'clone_disk') || done(h.id, 'define_vm')),
  );
  expect(life.proxy.usernames(), 'edge routes').toEqual(
    sorted(active.filter((h) => h.status !== 'DELETING' && done(h.id, 'add_proxy')).map((h) => h.username)),
  );
  expect(sorted(new Set(allocations.map((a) => a.hostingId))), 'allocation holders').toEqual(
    ids((h) => h.status !== 'ERROR' || done(h.id, 'allocate')),
  );
}
