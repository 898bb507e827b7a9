import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const eslint = new ESLint({ cwd: root });

/** The boundary findings (no-restricted-imports) for `code` planted at `file`. */
async function boundaryFindings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const SPAWN = "import { spawn } from 'node:child_process';\nexport const run = spawn;\n";
const WRITE = "import { writeFile } from 'node:fs/promises';\nexport const save = writeFile;\n";
const READ = "import { readFile } from 'node:fs/promises';\nexport const load = readFile;\n";
const WHOLE_FS = "import fs from 'node:fs/promises';\nexport const files = fs;\n";

describe('the lint rule that keeps host side effects in adapters', () => {
  it.each([
    ['a module', 'apps/api/src/modules/vm/planted.ts'],
    ['the HTTP layer', 'apps/api/src/http/planted.ts'],
    ['the database layer', 'apps/api/src/db/planted.ts'],
    ['the composition root', 'apps/api/src/composition/planted.ts'],
  ])('fails on node:child_process in %s', async (_where, file) => {
    expect(await boundaryFindings(file, SPAWN)).toEqual([expect.stringMatching(/adapters/)]);
  });

  it('fails on a file write, or the whole fs module, in a module; reading is fine', async () => {
    expect(await boundaryFindings('apps/api/src/modules/hosting/planted.ts', WRITE)).toHaveLength(1);
    expect(await boundaryFindings('apps/api/src/modules/hosting/planted.ts', WHOLE_FS)).toHaveLength(1);
    expect(await boundaryFindings('apps/api/src/modules/hosting/planted.ts', READ)).toEqual([]);
  });

  it.each([
    'apps/api/src/adapters/libvirt/planted.ts',
    'apps/api/src/cli/planted.ts',
    'apps/api/src/config/planted.ts',
  ])('passes the same code in %s', async (file) => {
    expect(await boundaryFindings(file, SPAWN)).toEqual([]);
    expect(await boundaryFindings(file, WRITE)).toEqual([]);
  });
});

describe('the lint rule that keeps layers pointing one way', () => {
  it('fails when a module imports an adapter (it owns a port instead)', async () => {
    const code =
      "import { LibvirtStorage } from '../../adapters/libvirt/libvirt-storage.js';\nexport { LibvirtStorage };\n";
    expect(await boundaryFindings('apps/api/src/modules/vm/planted.ts', code)).toHaveLength(1);
  });

  it('fails when a module imports the HTTP layer (routes live in http/ and call services)', async () => {
    const code = "import { ok } from '../../http/envelope.js';\nexport { ok };\n";
    expect(await boundaryFindings('apps/api/src/modules/hosting/planted.ts', code)).toHaveLength(1);
  });

  it("lets an adapter import a module's ports file, and nothing else of it", async () => {
    const ports = "import type { VmStorage } from '../../modules/vm/vm.ports.js';\nexport type S = VmStorage;\n";
    const service = "import { VmService } from '../../modules/vm/vm.service.js';\nexport { VmService };\n";
    expect(await boundaryFindings('apps/api/src/adapters/libvirt/planted.ts', ports)).toEqual([]);
    expect(await boundaryFindings('apps/api/src/adapters/libvirt/planted.ts', service)).toHaveLength(1);
  });

  it.each(['apps/api/src/config/planted.ts', 'apps/api/src/db/planted.ts', 'apps/api/src/errors.ts'])(
    'fails when a lower layer (%s) imports a module',
    async (file) => {
      const code = "import { jobPlans } from './modules/hosting/job-plans.js';\nexport { jobPlans };\n";
      const relative = file.endsWith('errors.ts') ? code : code.replace('./modules', '../modules');
      expect(await boundaryFindings(file, relative)).toHaveLength(1);
    },
  );
});
