import path from 'node:path';
import { Command } from 'commander';
import { NodeProcessRunner } from '../../adapters/process/process-runner.js';
import { composeControlPlane, defaultControlArchive } from '../../composition/compose-control-plane.js';
import { loadConfig } from '../../config/config.js';
import { openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { ControlRestoreRefused } from '../../modules/backups/control-plane.js';
import { out } from '../output.js';

const create = new Command('create')
  .description(
    'write Hostbay itself (database, secrets, certificates) into one archive; the disks are in the backup repository',
  )
  .option('--output <file>', 'where to write it (default: DATA_DIR/control-backups/hostbay-<time>.tar.gz)')
  .action(async (options: { output?: string }) => {
    const config = await loadConfig();
    const file = path.resolve(options.output ?? defaultControlArchive(config));
    const database = openDatabase(config.database.url);
    try {
      await migrateToLatest(database.db);
      const manifest = await composeControlPlane(config, new NodeProcessRunner(), database).create(file);
      out.info(`Wrote ${file} (${manifest.database} database, ${manifest.files.join(', ')}).`);
      out.info(
        'It holds every secret of this Hostbay, the backup password included: keep it where only you can read it.',
      );
    } finally {
      await database.close();
    }
  });

const restore = new Command('restore')
  .description('bring Hostbay back on a fresh machine from an archive of `backup create`; then run ./hostbay up')
  .argument('<file>', 'the archive')
  .action(async (file: string) => {
    const config = await loadConfig();
    try {
      const manifest = await composeControlPlane(config, new NodeProcessRunner()).restore(path.resolve(file));
      out.info(`Restored installation ${manifest.installation_id} as of ${manifest.created_at}.`);
      out.info(
        'Run ./hostbay up: hostings whose machines are missing get them back from the storage pool or from their last backup.',
      );
    } catch (error) {
      if (!(error instanceof ControlRestoreRefused)) throw error;
      out.error(error.message);
      process.exitCode = 1;
    }
  });

export const backupCommand = new Command('backup')
  .description("Hostbay's own backup: the database and secrets (members' disks go to the backup repository)")
  .addCommand(create)
  .addCommand(restore);
