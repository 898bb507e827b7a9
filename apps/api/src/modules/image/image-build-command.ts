import type { ImageConfig } from '../../config/image.js';
import { NodeProcessRunner, type ProcessRunner } from '../../host/process-runner.js';
import { builtBaseImage, resolveBaseImage, type BaseImage } from './base-image.js';
import { LineBuildProgress, SilentBuildProgress, TerminalBuildProgress, type BuildProgress } from './build-progress.js';
import { formatSeconds, ImageBuilder } from './image-builder.js';
import { NodeImageFs, type ImageFs } from './image-fs.js';
import { ImageStore } from './image-store.js';
import { FetchHttpProbe, type HttpProbe } from './mirror-check.js';
import { NodeStreamingProcessRunner, type StreamingProcessRunner } from './streaming-runner.js';

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
  /** Host adapters; the real ones by default. */
  adapters?: Partial<{ runner: ProcessRunner; streaming: StreamingProcessRunner; fs: ImageFs; probe: HttpProbe }>;
}

export interface ImageBuildResult {
  image: BaseImage;
  /** True when nothing was built: the cached image matched, or HOSTBAY_IMAGE names a cloud image. */
  reused: boolean;
  seconds: number;
}

/**
 * `./hostbay image build` and the first step of `up`: makes sure the base
 * image for the current settings exists, building it when its inputs changed.
 */
export async function runImageBuild(options: ImageBuildOptions): Promise<ImageBuildResult> {
  const output = options.output ?? process.stdout;
  const progress = progressFor(options.display ?? 'auto', output);
  const fs = options.adapters?.fs ?? new NodeImageFs();
  if (options.config.cloudImage !== undefined) {
    const image = await resolveBaseImage(options.config, fs);
    progress.note(
      `HOSTBAY_IMAGE is set: hostings boot ${image.disk} and install nginx on first boot; nothing to build.`,
    );
    return { image, reused: true, seconds: 0 };
  }
  const runner = options.adapters?.runner ?? new NodeProcessRunner();
  const builder = new ImageBuilder(options.config, {
    runner,
    fs,
    streaming: options.adapters?.streaming ?? new NodeStreamingProcessRunner(),
    probe: options.adapters?.probe ?? new FetchHttpProbe(),
    store: new ImageStore(options.config.imagesDir, fs, runner),
    progress,
  });
  const interrupt = options.signal ? undefined : new AbortController();
  const onSigint = () => interrupt?.abort();
  if (interrupt) process.once('SIGINT', onSigint);
  try {
    const outcome = await builder.ensure({ force: options.force, signal: options.signal ?? interrupt?.signal });
    if (outcome.reused) {
      progress.note(`Base image ${outcome.image.manifest.id} is up to date (inputs unchanged); --force rebuilds it.`);
    } else {
      progress.note(`Image folder: ${outcome.image.dir} (${formatSeconds(outcome.seconds)})`);
    }
    return { image: builtBaseImage(outcome.image), reused: outcome.reused, seconds: outcome.seconds };
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
