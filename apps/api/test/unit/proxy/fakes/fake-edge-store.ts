import type { EdgeStore } from '../../../../src/modules/proxy/proxy.ports.js';

/**
 * The edge's generations of config in memory, with FsEdgeStore's contract:
 * numbers are never reused (not even a failed one's), `current` names the
 * live generation, and pruning keeps only what it is told to.
 */
export class FakeEdgeStore implements EdgeStore {
  readonly edgeDir = '/var/lib/hostbay/edge';
  readonly prefixDir = `${this.edgeDir}/prefix`;
  readonly mainConfig = `${this.edgeDir}/conf/current/nginx.conf`;
  readonly generations = new Map<number, Readonly<Record<string, string>>>();
  current: number | undefined;
  #issued = 0;

  async init(): Promise<void> {}

  genDir(generation: number): string {
    return `${this.edgeDir}/conf/gen-${generation}`;
  }

  async currentGeneration(): Promise<number | undefined> {
    return this.current;
  }

  async nextGeneration(): Promise<number> {
    const next = Math.max(this.current ?? 0, this.#issued, ...this.generations.keys()) + 1;
    this.#issued = next;
    return next;
  }

  async stage(generation: number, files: Readonly<Record<string, string>>): Promise<void> {
    this.generations.set(generation, { ...files });
  }

  async activate(generation: number): Promise<void> {
    if (!this.generations.has(generation)) throw new Error(`generation ${generation} was never staged`);
    this.current = generation;
  }

  async readFile(generation: number, name: string): Promise<string> {
    const text = this.generations.get(generation)?.[name];
    if (text === undefined) throw new Error(`ENOENT: no such file ${this.genDir(generation)}/${name}`);
    return text;
  }

  async discard(generation: number): Promise<void> {
    this.generations.delete(generation);
  }

  async prune(keep: readonly number[]): Promise<void> {
    for (const generation of [...this.generations.keys()]) {
      if (!keep.includes(generation)) this.generations.delete(generation);
    }
  }

  /** The files a path into a generation (`.../gen-<n>/nginx.conf`) belongs to. */
  filesAt(path: string): Readonly<Record<string, string>> | undefined {
    const match = /\/gen-(\d+)\/[^/]+$/.exec(path);
    return match ? this.generations.get(Number(match[1])) : undefined;
  }
}
