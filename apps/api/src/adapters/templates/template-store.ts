import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  TEMPLATE_KEY_PATTERN,
  TemplateManifest,
  type StoredTemplate,
  type TemplateBuild,
  type TemplateFiles,
} from '../../modules/vm/vm.ports.js';
import { copySavedStateWithDefinition } from '../libvirt/saved-state-file.js';
import type { ProcessRunner } from '../process/process-runner.js';

const FILES = { disk: 'disk.qcow2', state: 'state.save', manifest: 'template.json' } as const;
const RESTORING = 'restoring';

/**
 * Templates as folders `<dir>/<key>/` (disk, saved state, manifest), next to
 * the images they are made from. A build works in `<key>.build-<random>/` and
 * is renamed into place when complete, so a reader sees a whole template or
 * none. Mode 0700: only root (Hostbay, libvirtd) reads a saved memory image.
 */
export class TemplateStore implements TemplateFiles {
  constructor(
    private readonly dir: string,
    private readonly runner: ProcessRunner,
  ) {}

  async find(key: string): Promise<StoredTemplate | undefined> {
    if (!TEMPLATE_KEY_PATTERN.test(key)) return undefined;
    const folder = path.join(this.dir, key);
    let text: string;
    try {
      text = await readFile(path.join(folder, FILES.manifest), 'utf8');
    } catch {
      return undefined;
    }
    const parsed = TemplateManifest.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.key !== key) return undefined;
    return { manifest: parsed.data, disk: path.join(folder, FILES.disk), state: path.join(folder, FILES.state) };
  }

  async list(): Promise<StoredTemplate[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const found = await Promise.all(names.filter((name) => TEMPLATE_KEY_PATTERN.test(name)).map((k) => this.find(k)));
    return found.filter((template): template is StoredTemplate => template !== undefined);
  }

  async startBuild(key: string): Promise<TemplateBuild> {
    if (!TEMPLATE_KEY_PATTERN.test(key)) throw new Error(`not a template key: ${key}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const folder = path.join(this.dir, `${key}.build-${randomBytes(4).toString('hex')}`);
    await mkdir(folder, { mode: 0o700 });
    return { key, disk: path.join(folder, FILES.disk), state: path.join(folder, FILES.state) };
  }

  async flattenInto(build: TemplateBuild, source: string): Promise<void> {
    await this.runner.runChecked(['qemu-img', 'convert', '-O', 'qcow2', source, build.disk], {
      timeoutMs: 15 * 60_000,
    });
  }

  async stateBytes(build: TemplateBuild): Promise<number> {
    return (await stat(build.state)).size;
  }

  async publish(build: TemplateBuild, manifest: TemplateManifest): Promise<void> {
    const folder = path.dirname(build.disk);
    await writeFile(path.join(folder, FILES.manifest), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
    try {
      await rename(folder, path.join(this.dir, build.key));
    } catch (error) {
      // Another installation on this host published the same template first: theirs is as good.
      if (await this.find(build.key)) return this.discard(build);
      throw error;
    }
  }

  async discard(build: TemplateBuild): Promise<void> {
    await rm(path.dirname(build.disk), { recursive: true, force: true });
  }

  async remove(key: string): Promise<void> {
    if (!TEMPLATE_KEY_PATTERN.test(key)) return;
    // Renamed first: a reader never sees a template whose files are half gone.
    const doomed = path.join(this.dir, `${key}.removed-${randomBytes(4).toString('hex')}`);
    try {
      await rename(path.join(this.dir, key), doomed);
    } catch {
      return;
    }
    await rm(doomed, { recursive: true, force: true });
  }

  async stateForRestore(template: StoredTemplate, name: string, xml: string): Promise<string> {
    const folder = path.join(this.dir, RESTORING);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const file = path.join(folder, `${name}.save`);
    // A copy left by a crashed restore is replaced: it may be cut short.
    await rm(file, { force: true });
    await copySavedStateWithDefinition(template.state, file, xml);
    return file;
  }

  async removeRestoreState(name: string): Promise<void> {
    await rm(path.join(this.dir, RESTORING, `${name}.save`), { force: true });
  }
}
