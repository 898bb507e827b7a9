// @ts-check
/**
 * The dashboard's initial-JavaScript budget, checked after `vite build`: gzips every
 * script that index.html loads up front (entry and modulepreload chunks) and fails
 * above the budget. Lazily loaded chunks are not counted: the first screen does not wait for them.
 *
 * Usage: node scripts/check-bundle.mjs [distDir]  (plain JS: Node 20 cannot run TypeScript)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1000;

const distDir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'dist'));
const html = readFileSync(join(distDir, 'index.html'), 'utf8');

/** @type {Set<string>} */
const scripts = new Set();
for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) scripts.add(match[1] ?? '');
for (const match of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g))
  scripts.add(match[1] ?? '');
scripts.delete('');
if (scripts.size === 0) throw new Error(`${distDir}/index.html loads no script: is this a Vite build?`);

let total = 0;
for (const src of scripts) {
  const file = join(distDir, src.replace(/^\//, ''));
  const raw = readFileSync(file);
  const gzipped = gzipSync(raw, { level: 9 }).length;
  total += gzipped;
  console.log(`${src}: ${(raw.length / 1000).toFixed(1)} kB raw, ${(gzipped / 1000).toFixed(1)} kB gzipped`);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `initial JavaScript: ${(total / 1000).toFixed(1)} kB gzipped, ${verdict} the ${BUDGET_BYTES / 1000} kB budget`,
);
if (total > BUDGET_BYTES) process.exit(1);
