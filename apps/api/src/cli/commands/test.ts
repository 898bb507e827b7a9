import path from 'node:path';
import { Command } from 'commander';
import { HOSTBAY_ROOT } from '../../config/paths.js';
import { DebianPackages, TEST_PACKAGES } from '../../adapters/debian/debian-packages.js';
import { postgresAnswers, startPrivatePostgres } from '../../adapters/postgres/private-postgres.js';
import { NodeProcessRunner } from '../../adapters/process/process-runner.js';
import { out } from '../output.js';
import { spawnInherit } from '../spawn-inherit.js';

const bin = (tool: string) => path.join(HOSTBAY_ROOT, 'node_modules/.bin', tool);
const vitest = (...projects: string[]) => [
  bin('vitest'),
  'run',
  '--passWithNoTests',
  ...projects.flatMap((p) => ['--project', p]),
];

/** The tiers, fastest first. Each is runnable alone: `./hostbay test unit`. */
const TIERS: Record<string, string[][]> = {
  lint: [
    [bin('eslint'), '.'],
    [bin('prettier'), '--check', '.'],
  ],
  typecheck: [
    [bin('tsc'), '-b', 'apps/api', 'packages/contract'],
    // Test code too: vitest runs it without checking types.
    [bin('tsc'), '-p', 'apps/api/tsconfig.test.json'],
    [bin('tsc'), '-p', 'apps/web', '--noEmit'],
  ],
  unit: [vitest('unit', 'web')],
  integration: [vitest('integration')],
  e2e: [vitest('e2e')],
};

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The PostgreSQL the integration tier uses: the given one, the local one, or a private one we start. */
async function ensurePostgres(runner: NodeProcessRunner, packages: DebianPackages): Promise<string> {
  const given = process.env.HOSTBAY_TEST_POSTGRES_URL;
  if (given) return given;
  if (await postgresAnswers(DEFAULT_POSTGRES_URL)) return DEFAULT_POSTGRES_URL;
  out.step('No PostgreSQL on 127.0.0.1:5432; starting a private one for the tests');
  await packages.install(await packages.missing(['postgresql']), out.step);
  return startPrivatePostgres(runner, path.join(HOSTBAY_ROOT, '.hostbay/test-postgres'), 55432);
}

async function runTests(requested: string[]): Promise<void> {
  const unknown = requested.filter((tier) => !(tier in TIERS));
  if (unknown.length) {
    out.error(`unknown test tier ${unknown.join(', ')}; tiers are ${Object.keys(TIERS).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const tiers = requested.length ? requested : Object.keys(TIERS);
  const runner = new NodeProcessRunner();
  const packages = new DebianPackages(runner);
  out.step('Checking test prerequisites');
  await packages.install(await packages.missing(TEST_PACKAGES), out.step);
  const postgresUrl = await ensurePostgres(runner, packages);
  const env = { ...process.env, HOSTBAY_TEST_POSTGRES_URL: postgresUrl };

  const results: { tier: string; ok: boolean; seconds: number }[] = [];
  for (const tier of tiers) {
    out.step(`Tier ${tier}`);
    const started = Date.now();
    let ok = true;
    for (const command of TIERS[tier] ?? []) {
      if ((await spawnInherit(command, { cwd: HOSTBAY_ROOT, env })) !== 0) ok = false;
    }
    results.push({ tier, ok, seconds: Math.round((Date.now() - started) / 1000) });
  }
  out.info('');
  for (const r of results) out.info(`  ${r.ok ? 'pass' : 'FAIL'}  ${r.tier.padEnd(12)} ${r.seconds}s`);
  const failed = results.filter((r) => !r.ok).length;
  out.info(`tiers: ${results.length - failed} passed, ${failed} failed`);
  if (failed) process.exitCode = 1;
}

export const testCommand = new Command('test')
  .description(`run the test tiers (${Object.keys(TIERS).join(', ')}); all of them by default`)
  .argument('[tiers...]', 'tiers to run')
  .action(runTests);
