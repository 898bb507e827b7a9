#!/usr/bin/env node
import { Command } from 'commander';
import { MissingProgramError } from '../adapters/process/host-programs.js';
import { ConfigError } from '../config/config.js';
import { doctorCommand } from './commands/doctor.js';
import { imageCommand } from './commands/image.js';
import { serveCommand } from './commands/serve.js';
import { testCommand } from './commands/test.js';
import { upCommand } from './commands/up.js';
import { userCommand } from './commands/user.js';
import { backupCommand } from './commands/backup.js';
import { out } from './output.js';

const program = new Command('hostbay')
  .description('Self-service web hosting: an isolated VM and a live website for every member.')
  .addCommand(upCommand)
  .addCommand(serveCommand)
  .addCommand(testCommand)
  .addCommand(doctorCommand)
  .addCommand(imageCommand)
  .addCommand(userCommand)
  .addCommand(backupCommand)
  .showHelpAfterError();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A bad setting or a missing program is the operator's to fix: one clear line, no stack.
  if (error instanceof ConfigError) {
    out.error(error.message);
    process.exit(2);
  }
  if (error instanceof MissingProgramError) {
    out.error(error.message);
    process.exit(1);
  }
  throw error;
}
