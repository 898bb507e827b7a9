import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTBAY_ROOT } from '../../../src/config/paths.js';

const CONFIG_DIR = path.join(HOSTBAY_ROOT, 'apps/api/src/config');

/** Every HOSTBAY_* name the config modules read (their zod shapes name each variable as a key). */
async function configVariables(): Promise<string[]> {
  const names = new Set<string>();
  for (const file of await readdir(CONFIG_DIR)) {
    if (!file.endsWith('.ts')) continue;
    const text = await readFile(path.join(CONFIG_DIR, file), 'utf8');
    for (const match of text.matchAll(/^\s+(HOSTBAY_[A-Z0-9_]+):/gm)) names.add(match[1] ?? '');
  }
  return [...names].sort();
}

describe('docs/operators.md', () => {
  it('has a row in its settings tables for every HOSTBAY_* variable the config reads', async () => {
    const variables = await configVariables();
    // The config modules name about fifty; an empty list would mean the pattern broke.
    expect(variables.length).toBeGreaterThan(40);
    const guide = await readFile(path.join(HOSTBAY_ROOT, 'docs/operators.md'), 'utf8');
    const documented = new Set([...guide.matchAll(/^\| `(HOSTBAY_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
    expect(variables.filter((name) => !documented.has(name))).toEqual([]);
  });
});
