// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Boundaries of apps/api/src, as lint rules (see docs/architecture.md, "Layers"):
 * - host side effects (programs, file writes) only in adapters/, cli/ and config/;
 * - modules never import adapters (they own ports, `<module>.ports.ts`, that adapters implement) nor the HTTP layer;
 * - adapters import nothing of a module but its ports file;
 * - the lower layers (config, db, errors) import no module, adapter, http or cli code.
 */
const API = 'apps/api/src';
const FS_WRITES = [
  'default',
  'appendFile',
  'appendFileSync',
  'chmod',
  'chmodSync',
  'chown',
  'chownSync',
  'copyFile',
  'copyFileSync',
  'cp',
  'cpSync',
  'createWriteStream',
  'link',
  'linkSync',
  'lchown',
  'mkdir',
  'mkdirSync',
  'mkdtemp',
  'mkdtempSync',
  'open',
  'openSync',
  'rename',
  'renameSync',
  'rm',
  'rmSync',
  'rmdir',
  'rmdirSync',
  'symlink',
  'symlinkSync',
  'truncate',
  'truncateSync',
  'unlink',
  'unlinkSync',
  'utimes',
  'utimesSync',
  'write',
  'writeFile',
  'writeFileSync',
  'writeSync',
];
const HOST_EFFECT = 'Host side effects live in apps/api/src/adapters/: reach them through a port your module owns.';
const hostEffects = [
  { name: 'node:child_process', message: HOST_EFFECT },
  { name: 'child_process', message: HOST_EFFECT },
  ...['node:fs', 'fs', 'node:fs/promises', 'fs/promises'].map((name) => ({
    name,
    importNames: FS_WRITES,
    message: `${HOST_EFFECT} (reading is fine: import the read functions by name)`,
  })),
];
const layer = (group, message) => ({ group, message });
const NO_ADAPTERS = layer(['**/adapters/**'], 'A module reaches adapters only through its ports (<module>.ports.ts).');
const NO_COMPOSITION = layer(['**/composition/**', '**/cli/**'], 'Only the CLI composes Hostbay.');
const NO_MODULES = layer(
  ['**/modules/*/*', '!**/modules/*/*.ports.js'],
  'A lower layer must not import a module; adapters may import only a module’s ports file.',
);
const NO_HTTP = layer(['**/http/**'], 'Only the composition root and the HTTP layer itself import the HTTP layer.');
const restrict = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '**/out/**', 'docs/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: 'ExportAllDeclaration', message: 'No barrel files: import from the module that defines it.' },
      ],
      // Config is read once in src/config; everything else receives it.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read config from src/config only.' },
      ],
    },
  },
  {
    files: [`${API}/modules/**`],
    rules: { 'no-restricted-imports': restrict(hostEffects, [NO_ADAPTERS, NO_HTTP, NO_COMPOSITION]) },
  },
  {
    files: [`${API}/http/**`],
    rules: { 'no-restricted-imports': restrict(hostEffects, [NO_ADAPTERS, NO_COMPOSITION]) },
  },
  {
    files: [`${API}/adapters/**`],
    rules: { 'no-restricted-imports': restrict([], [NO_MODULES, NO_HTTP, NO_COMPOSITION]) },
  },
  {
    files: [`${API}/config/**`, `${API}/errors.ts`],
    rules: { 'no-restricted-imports': restrict([], [NO_MODULES, NO_ADAPTERS, NO_HTTP, NO_COMPOSITION]) },
  },
  {
    files: [`${API}/db/**`],
    rules: { 'no-restricted-imports': restrict(hostEffects, [NO_MODULES, NO_ADAPTERS, NO_HTTP, NO_COMPOSITION]) },
  },
  {
    // The database creates its own file's folder: that is the data folder's own store, not a host side effect.
    files: [`${API}/db/database.ts`],
    rules: { 'no-restricted-imports': restrict([], [NO_MODULES, NO_ADAPTERS, NO_HTTP, NO_COMPOSITION]) },
  },
  {
    files: [`${API}/docs/**`],
    rules: { 'no-restricted-imports': restrict(hostEffects, [NO_ADAPTERS, NO_COMPOSITION]) },
  },
  {
    files: [`${API}/composition/**`],
    rules: { 'no-restricted-imports': restrict(hostEffects, [layer(['**/cli/**'], 'Only the CLI composes Hostbay.')]) },
  },
  {
    // Tools demand default exports from their config files.
    files: ['**/*.config.{js,ts,mjs}', '**/vite.config.ts', '**/vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Allowed to read the environment: config, the CLI and host adapters that spawn tools, tests, benches.
    files: [
      'apps/api/src/config/**',
      'apps/api/src/cli/**',
      'apps/api/src/adapters/**',
      '**/test/**',
      'bench/**',
      '**/*.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
