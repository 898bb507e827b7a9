import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * Hostbay itself, as one archive (`./hostbay backup create`): the database,
 * the secrets (token signing, installation id, the backup repository's
 * password, the ACME account and certificates). Restored on a fresh machine
 * (`./hostbay backup restore FILE`), it brings back the members, their
 * hostings and routes; at the next start each hosting whose machine is missing
 * gets it back, from its disk when the pool still has it, else from its last
 * backup (compose-hosting.ts, HostingRecovery).
 */

/** The files of the data folder that make this installation what it is; `tls` is a folder. */
export const CONTROL_FILES = ['jwt-secret', 'installation-id', 'backup-password', 'tls'] as const;

export const ControlManifest = z.object({
  format: z.literal(1),
  created_at: z.iso.datetime(),
  installation_id: z.string().regex(/^[0-9a-f]{16}$/),
  database: z.enum(['sqlite', 'postgres']),
  database_file: z.enum(['hostbay.db', 'hostbay.pgdump']),
  files: z.array(z.enum(CONTROL_FILES)),
});
export type ControlManifest = z.infer<typeof ControlManifest>;

export interface ControlPlaneDeps {
  dataDir: string;
  installationId: string;
  /** Writes the database into `dir` (DatabaseDump.write with the open database). */
  dumpDatabase(dir: string): Promise<{ kind: 'sqlite' | 'postgres'; file: string }>;
  /** Puts a dump back into the configured database (DatabaseDump.restore). */
  restoreDatabase(kind: 'sqlite' | 'postgres', file: string): Promise<void>;
  /** Whether the configured database already holds an installation (then a restore would overwrite it). */
  databaseInUse(): Promise<boolean>;
  archive: {
    create(sourceDir: string, file: string): Promise<void>;
    extract(file: string, dir: string): Promise<void>;
  };
  scratch: { prepare(name: string): Promise<string>; remove(name: string): Promise<void> };
  /** Copies and writes of whole files (LocalFiles). */
  files: {
    exists(file: string): Promise<boolean>;
    copy(source: string, target: string): Promise<void>;
    write(file: string, content: string): Promise<void>;
    restrict(file: string): Promise<void>;
    ensurePrivateDir(dir: string): Promise<void>;
  };
}

/** Raised when a restore would overwrite an installation, or the archive is not one of Hostbay's. */
export class ControlRestoreRefused extends Error {}

export class ControlPlaneBackup {
  constructor(private readonly deps: ControlPlaneDeps) {}

  /** Writes the archive to `file` (mode 0600: it holds every secret) and gives its manifest. */
  async create(file: string): Promise<ControlManifest> {
    const { deps } = this;
    const staging = await deps.scratch.prepare('control-create');
    try {
      const database = await deps.dumpDatabase(staging);
      const files: ControlManifest['files'] = [];
      for (const name of CONTROL_FILES) {
        const source = path.join(deps.dataDir, name);
        if (!(await deps.files.exists(source))) continue;
        await deps.files.copy(source, path.join(staging, 'data', name));
        files.push(name);
      }
      const manifest: ControlManifest = {
        format: 1,
        created_at: new Date().toISOString(),
        installation_id: deps.installationId,
        database: database.kind,
        database_file: database.kind === 'sqlite' ? 'hostbay.db' : 'hostbay.pgdump',
        files,
      };
      await deps.files.write(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
      await deps.files.ensurePrivateDir(path.dirname(file));
      await deps.archive.create(staging, file);
      await deps.files.restrict(file);
      return manifest;
    } finally {
      await deps.scratch.remove('control-create');
    }
  }

  /** Restores the archive into this (fresh) installation; refused where a database already holds one. */
  async restore(file: string): Promise<ControlManifest> {
    const { deps } = this;
    if (await deps.databaseInUse())
      throw new ControlRestoreRefused(
        'The database already holds a Hostbay installation; restore into a fresh data folder and an empty database.',
      );
    const staging = await deps.scratch.prepare('control-restore');
    try {
      await deps.archive.extract(file, staging);
      const manifest = ControlManifest.safeParse(
        JSON.parse(await readFile(path.join(staging, 'manifest.json'), 'utf8').catch(() => '{}')),
      );
      if (!manifest.success) throw new ControlRestoreRefused(`${file} is not a Hostbay backup (no valid manifest).`);
      for (const name of manifest.data.files) {
        const target = path.join(deps.dataDir, name);
        await deps.files.copy(path.join(staging, 'data', name), target);
        await deps.files.restrict(target);
      }
      await deps.restoreDatabase(manifest.data.database, path.join(staging, manifest.data.database_file));
      return manifest.data;
    } finally {
      await deps.scratch.remove('control-restore');
    }
  }
}
