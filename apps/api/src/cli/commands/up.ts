import { Command } from 'commander';
import { loadConfig, type Config } from '../../config/config.js';
import { AppError, operatorText } from '../../errors.js';
import { DebianPackages, RUNTIME_PACKAGES } from '../../adapters/debian/debian-packages.js';
import { installCommand } from '../../adapters/debian/install-advice.js';
import { createImageHost } from '../../adapters/image/image-host.js';
import { LibvirtDaemon } from '../../adapters/libvirt/libvirt-daemon.js';
import { NodeProcessRunner } from '../../adapters/process/process-runner.js';
import { SetupProgress, type SetupStep } from '../../modules/setup/setup-progress.js';
import { runImageBuild } from '../image-build.js';
import { out } from '../output.js';
import { openSetupPage, type SetupPage } from '../setup-progress-server.js';
import { serveApi, untilSignal } from './serve.js';

export const UP_STEPS = [
  { id: 'packages', label: 'Installing the host packages' },
  { id: 'libvirt', label: 'Starting libvirt' },
  { id: 'image', label: 'Building the guest image' },
  { id: 'start', label: 'Starting Hostbay' },
] as const satisfies readonly SetupStep[];

/** A set-up step that stopped with advice for the operator (not a bug: no stack). */
class SetupStoppedError extends Error {}

/**
 * Everything Hostbay runs, in the foreground: the host packages (as root),
 * libvirt, the guest image (built once), then the edge, the API and the
 * worker. Ctrl-C stops them; VMs keep running and are reconciled next time.
 * Until the API takes HOSTBAY_PORT, the set-up page answers there.
 */
async function up(): Promise<void> {
  const config = await loadConfig();
  const setup = new SetupProgress(UP_STEPS);
  const page = await openPage(setup, config);
  let interrupted = false;
  // The image build cleans up after Ctrl-C itself; elsewhere Ctrl-C stops at once, as before.
  const onSigint = () => {
    interrupted = true;
    if (setup.status().current?.id !== 'image') process.exit(130);
  };
  process.on('SIGINT', onSigint);
  try {
    await prepareHost(config, setup);
    process.removeListener('SIGINT', onSigint);
    setup.begin('start');
    await serveApi(config, {
      handOverPort: async () => {
        setup.ready();
        await page.close();
      },
    });
  } catch (error) {
    process.removeListener('SIGINT', onSigint);
    await stopped(error, setup, page, interrupted);
  }
}

async function openPage(setup: SetupProgress, config: Config): Promise<SetupPage> {
  const { host, port } = config.server;
  try {
    const page = await openSetupPage(setup, { host, port });
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    out.info(`Setting up: the progress is on http://${shown}:${port}/ until Hostbay takes over there.`);
    return page;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EADDRINUSE')) throw error;
    // Most often the edge of a Hostbay that was killed (nginx outlives it and keeps serving the sites):
    // the start below takes it over, as it always did. Anything else holding the port fails there, in words.
    out.info(`Port ${port} on ${host} is in use (the edge of an earlier run?): no set-up page this time.`);
    return { port, close: () => Promise.resolve() };
  }
}

async function prepareHost(config: Config, setup: SetupProgress): Promise<void> {
  const runner = new NodeProcessRunner();
  setup.begin('packages');
  const packages = new DebianPackages(runner);
  const missing = await packages.missing(RUNTIME_PACKAGES);
  if (missing.length) {
    if (process.getuid?.() !== 0) {
      throw new SetupStoppedError(
        `Debian packages are missing. As root, run:\n  ${installCommand(missing)}\nor run ./hostbay up as root.`,
      );
    }
    await packages.install(missing, (line) => {
      setup.update(null, line);
      out.step(line);
    });
  }
  setup.begin('libvirt');
  await new LibvirtDaemon(runner, config.vm.libvirtUri, out.step).ensureRunning();
  setup.begin('image');
  const image = await runImageBuild({
    config: config.image,
    host: createImageHost(runner),
    relay: (display) => setup.forBuild(display),
  });
  if (!image.reused) out.step(`Guest image ready in ${image.seconds} s`);
}

/**
 * The set-up failed: the terminal and the page say why and what to do. At a
 * terminal the page keeps showing it until Ctrl-C; under a service manager
 * (no terminal) `up` exits at once, so that a restart policy applies.
 */
async function stopped(error: unknown, setup: SetupProgress, page: SetupPage, interrupted: boolean): Promise<void> {
  const known = error instanceof AppError || error instanceof SetupStoppedError;
  const message = error instanceof Error ? operatorText(error) : String(error);
  // After the hand-over the page is gone: the API failed while it started.
  const pageOpen = setup.status().state !== 'ready';
  setup.fail(message);
  process.exitCode = 1;
  if (known) out.error(message);
  if (pageOpen && !interrupted && process.stdin.isTTY) {
    out.info(`The set-up page shows this until Ctrl-C.`);
    await untilSignal();
  }
  await page.close();
  // Anything else is a bug or a host problem main.ts reports (with its stack when unexpected).
  if (!known) throw error;
}

export const upCommand = new Command('up')
  .description('run everything Hostbay needs, in the foreground (Ctrl-C stops it)')
  .action(up);
