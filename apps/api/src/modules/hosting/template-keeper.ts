import type { TemplateBuilder } from '../vm/template-builder.js';
import { sameShape, templateKey, type TemplateShape } from '../vm/template.js';
import type { VirtType } from '../vm/domain-model.js';
import type { TemplateFiles, TemplateManifest } from '../vm/vm.ports.js';
import type { BaseImageSpec } from '../vm/vm.spec.js';
import type { BaseImageSource, JobLogger, TemplateSource } from './hosting.ports.js';

/** One wanted template, as `doctor` and the admin overview show it. */
export interface TemplateStatus {
  shape: TemplateShape;
  state: 'ready' | 'building' | 'waiting' | 'failed';
  key?: string;
  builtAt?: string;
  buildSeconds?: number;
  error?: string;
}

export interface TemplateKeeperDeps {
  builder: Pick<TemplateBuilder, 'build'>;
  templates: Pick<TemplateFiles, 'find' | 'list' | 'remove'>;
  baseImages: BaseImageSource;
  virtType: () => Promise<VirtType>;
  /** The default plan's machine: its template is built as soon as Hostbay starts. */
  defaultShape: TemplateShape;
  buildTimeoutMs: number;
  /** How long after a failed build the next attempt waits. */
  retryAfterMs: number;
  log: JobLogger;
}

/**
 * Keeps a ready template for each machine shape hostings are made with: the
 * default plan's from the start, another plan's after its first hosting
 * booted without one. One build at a time, in the background: a creation
 * never waits for a template, it boots instead. A new image (or virt type)
 * is a new key, so a template of an older image is never used; its files are
 * removed (each hosting made from it has its own copy of the disk in the pool).
 * Only Hostbay's own image is templated: a distro cloud image has no agent.
 */
export class TemplateKeeper implements TemplateSource {
  private readonly wanted: TemplateShape[];
  private readonly failures = new Map<string, { at: number; message: string }>();
  private building: { key: string; shape: TemplateShape; done: Promise<void> } | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: TemplateKeeperDeps) {
    this.wanted = [deps.defaultShape];
  }

  async readyFor(shape: TemplateShape, baseImage: BaseImageSpec): Promise<{ key: string; disk: string } | undefined> {
    if (!templatable(baseImage)) return undefined;
    const wanted = { vcpus: shape.vcpus, memoryMb: shape.memoryMb, diskGb: shape.diskGb };
    if (!this.wanted.some((known) => sameShape(known, wanted))) {
      this.wanted.push(wanted);
      this.kick();
    }
    const template = await this.deps.templates.find(await this.keyFor(wanted, baseImage));
    return template && { key: template.manifest.key, disk: template.disk };
  }

  /** Starts building what is missing, unless a build runs; called at start and by the scheduler's tick. */
  kick(): void {
    if (this.building || this.stopping.signal.aborted) return;
    void this.buildNextMissing().catch((error: unknown) =>
      this.deps.log.warn({ err: error }, 'looking for missing templates failed'),
    );
  }

  async status(): Promise<TemplateStatus[]> {
    const image = await this.deps.baseImages.resolve().catch(() => undefined);
    if (!image || !templatable(image)) return [];
    return Promise.all(
      this.wanted.map(async (shape): Promise<TemplateStatus> => {
        const key = await this.keyFor(shape, image);
        const ready = await this.deps.templates.find(key);
        if (ready) return { shape, state: 'ready', key, ...builtFacts(ready.manifest) };
        if (this.building?.key === key) return { shape, state: 'building', key };
        const failure = this.failures.get(key);
        return failure ? { shape, state: 'failed', key, error: failure.message } : { shape, state: 'waiting', key };
      }),
    );
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.building?.done;
  }

  private async buildNextMissing(): Promise<void> {
    const image = await this.deps.baseImages.resolve();
    if (!templatable(image)) return;
    await this.removeOutdated(image);
    for (const shape of this.wanted) {
      const key = await this.keyFor(shape, image);
      if (await this.deps.templates.find(key)) continue;
      const failure = this.failures.get(key);
      if (failure && Date.now() - failure.at < this.deps.retryAfterMs) continue;
      if (this.building) return;
      const done = this.build(key, shape, image);
      this.building = { key, shape, done };
      await done;
      this.building = undefined;
      return this.kick();
    }
  }

  private async build(key: string, shape: TemplateShape, image: BaseImageSpec): Promise<void> {
    const { log } = this.deps;
    log.info({ template: key, ...shape }, 'building a template for instant hostings');
    try {
      const manifest = await this.deps.builder.build({ baseDisk: image.disk, shape }, image, {
        timeoutMs: this.deps.buildTimeoutMs,
        signal: this.stopping.signal,
      });
      this.failures.delete(key);
      log.info({ template: key, seconds: manifest.buildSeconds }, 'template ready: new hostings start in seconds');
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      this.failures.set(key, { at: Date.now(), message });
      log.warn({ err: error, template: key }, 'building a template failed; hostings boot until it is built');
    }
  }

  /** Templates of another image than the current one: never used again. */
  private async removeOutdated(image: BaseImageSpec): Promise<void> {
    for (const template of await this.deps.templates.list()) {
      if (template.manifest.baseDisk !== image.disk) await this.deps.templates.remove(template.manifest.key);
    }
  }

  private async keyFor(shape: TemplateShape, image: BaseImageSpec): Promise<string> {
    return templateKey({ baseDisk: image.disk, virtType: await this.deps.virtType(), shape });
  }
}

/** Hostbay's own image (direct boot, the agent inside); a distro cloud image installs its web server at boot. */
function templatable(image: BaseImageSpec): boolean {
  return image.kernel !== undefined && !image.installsWebServer;
}

function builtFacts(manifest: TemplateManifest): Pick<TemplateStatus, 'builtAt' | 'buildSeconds'> {
  return { builtAt: manifest.builtAt, buildSeconds: manifest.buildSeconds };
}
