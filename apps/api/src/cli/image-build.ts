import { createImageHost } from '../adapters/image/image-host.js';
import { NodeProcessRunner } from '../adapters/process/process-runner.js';
import type { ImageConfig } from '../config/image.js';
import { ensureBaseImage, type EnsureOutcome } from '../modules/image/base-image.js';
import {
  LineBuildProgress,
  SilentBuildProgress,
  TerminalBuildProgress,
  type BuildProgress,
} from '../modules/image/build-progress.js';
import type { ImageHost } from '../modules/image/image.ports.js';

type Output = NodeJS.WritableStream & { isTTY?: boolean };

export interface ImageBuildOptions {
  config: ImageConfig;
  /** Rebuild even when the cached image matches the inputs. */
  force?: boolean;
  /** Where progress goes (default: stdout). */
  output?: Output;
  /** 'auto' (default): a bar on a terminal, one line per phase otherwise. */
  display?: 'auto' | 'bar' | 'lines' | 'silent';
  /** Cancels the build. Without one, Ctrl-C (SIGINT) cancels it and cleans up. */
  signal?: AbortSignal;
  /** The host the build runs on; the real one by default. */
  host?: ImageHost;
  /** Passes the build's progress on elsewhere too (`up`'s set-up page); gets the display and returns what the build reports to. */
  relay?: (display: BuildProgress) => BuildProgress;
}

export type ImageBuildResult = EnsureOutcome;

/**
 * `./hostbay image build` and the first step of `up`: makes sure the base
 * image for the current settings exists, building it when its inputs changed,
 * with its progress on the terminal.
 */
export async function runImageBuild(options: ImageBuildOptions): Promise<ImageBuildResult> {
  const display = progressFor(options.display ?? 'auto', options.output ?? process.stdout);
  const progress = options.relay ? options.relay(display) : display;
  const host = options.host ?? createImageHost(new NodeProcessRunner());
  const interrupt = options.signal ? undefined : new AbortController();
  const onSigint = () => interrupt?.abort();
  if (interrupt) process.once('SIGINT', onSigint);
  try {
    return await ensureBaseImage(options.config, host, {
      force: options.force,
      signal: options.signal ?? interrupt?.signal,
      progress,
    });
  } finally {
    if (interrupt) process.removeListener('SIGINT', onSigint);
  }
}

function progressFor(display: NonNullable<ImageBuildOptions['display']>, output: Output): BuildProgress {
  switch (display) {
    case 'silent':
      return new SilentBuildProgress();
    case 'bar':
      return new TerminalBuildProgress(output);
    case 'lines':
      return new LineBuildProgress(output);
    default:
      return output.isTTY ? new TerminalBuildProgress(output) : new LineBuildProgress(output);
  }
}
