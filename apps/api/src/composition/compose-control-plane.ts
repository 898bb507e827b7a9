import path from 'node:path';
import { DatabaseDump } from '../adapters/database/database-dump.js';
import { ScratchSpace } from '../adapters/files/scratch-space.js';
import { LocalFiles } from '../adapters/files/local-files.js';
import { TarArchive } from '../adapters/files/tar-archive.js';
import type { ProcessRunner } from '../adapters/process/process-runner.js';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { ControlPlaneBackup } from '../modules/backups/control-plane.js';

/**
 * Hostbay's own backup (`./hostbay backup create|restore`, and each backup round): `database` is the open one
 * for a create; a restore into SQLite runs with none open (the file is put in place).
 */
export function composeControlPlane(config: Config, runner: ProcessRunner, database?: DatabaseHandle) {
  const dump = new DatabaseDump(runner);
  const url = config.database.url;
  return new ControlPlaneBackup({
    dataDir: config.server.dataDir,
    installationId: config.server.installationId,
    dumpDatabase: (dir) => {
      if (!database) throw new Error('a control-plane backup needs the open database');
      return dump.write(database, url, dir);
    },
    restoreDatabase: (kind, file) =>
      dump.restore(kind, file, {
        url,
        sqliteFile: url.startsWith('sqlite:')
          ? url.slice('sqlite:'.length)
          : path.join(config.server.dataDir, 'hostbay.db'),
      }),
    databaseInUse: () => dump.inUse(url),
    archive: new TarArchive(runner),
    scratch: new ScratchSpace(config.backup.scratchDir),
    files: new LocalFiles(),
  });
}

/** Where `./hostbay backup create` writes when not told: the data folder's `control-backups/`, named by the time. */
export function defaultControlArchive(config: Config, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.join(config.server.dataDir, 'control-backups', `hostbay-${stamp}.tar.gz`);
}
