import { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { AppError, operatorText } from '../../errors.js';
import { DebianPackages, RUNTIME_PACKAGES } from '../../adapters/debian/debian-packages.js';
import { installCommand } from '../../adapters/debian/install-advice.js';
import { createImageHost } from '../../adapters/image/image-host.js';
import { LibvirtDaemon } from '../../adapters/libvirt/libvirt-daemon.js';
import { NodeProcessRunner } from '../../adapters/process/process-runner.js';
import { runImageBuild } from '../image-build.js';
import { out } from '../output.js';
import { serveApi } from './serve.js';

/**
 * Everything Hostbay runs, in the foreground: the host packages (as root),
 * libvirt, the guest image (built once), then the edge, the API and the
 * worker. Ctrl-C stops them; VMs keep running and are reconciled next time.
 */
async function up(): Promise<void> {
  const config = await loadConfig();
  const runner = new NodeProcessRunner();
  const packages = new DebianPackages(runner);
  const missing = await packages.missing(RUNTIME_PACKAGES);
  if (missing.length) {
    if (process.getuid?.() !== 0) {
      out.error(
        `Debian packages are missing. As root, run:\n  ${installCommand(missing)}\nor run ./hostbay up as root.`,
      );
      process.exitCode = 1;
      return;
    }
    await packages.install(missing, out.step);
  }
  await new LibvirtDaemon(runner, config.vm.libvirtUri, out.step).ensureRunning();
  try {
    const image = await runImageBuild({ config: config.image, host: createImageHost(runner) });
    if (!image.reused) out.step(`Guest image ready in ${image.seconds} s`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    out.error(operatorText(error));
    process.exitCode = 1;
    return;
  }
  await serveApi(config);
}

export const upCommand = new Command('up')
  .description('run everything Hostbay needs, in the foreground (Ctrl-C stops it)')
  .action(up);
