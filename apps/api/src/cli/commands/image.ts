import { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { AppError, operatorText } from '../../errors.js';
import { runImageBuild } from '../image-build.js';
import { out } from '../output.js';

async function build(options: { force?: boolean; plain?: boolean }): Promise<void> {
  const config = await loadConfig();
  try {
    const result = await runImageBuild({
      config: config.image,
      force: options.force,
      display: options.plain ? 'lines' : 'auto',
    });
    out.info(`disk:   ${result.image.disk}`);
    if (result.image.kernel) out.info(`kernel: ${result.image.kernel}`);
    if (result.image.initrd) out.info(`initrd: ${result.image.initrd}`);
  } catch (error) {
    // Build failures are the operator's to fix: one clear line, no stack.
    if (!(error instanceof AppError)) throw error;
    out.error(operatorText(error));
    process.exitCode = 1;
  }
}

export const imageCommand = new Command('image')
  .description('the guest base image every hosting boots')
  .addCommand(
    new Command('build')
      .description('build the base image from Debian packages (cached: rebuilt only when its inputs change)')
      .option('--force', 'rebuild even when the cached image matches')
      .option('--plain', 'one line per step instead of a progress bar')
      .action(build),
  );
