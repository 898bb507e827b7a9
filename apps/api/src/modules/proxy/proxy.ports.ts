/**
 * What the ProxyService needs of the edge's host side, as interfaces the proxy
 * module owns: the nginx process, the edge's files, and a way to ask nginx
 * which configuration it serves. The adapters in `adapters/edge/` implement
 * them.
 */

export interface NginxTestResult {
  ok: boolean;
  /** What nginx printed, for the error message; the exit code alone decides `ok`. */
  output: string;
}

/** Follows one reload signal. */
export interface ReloadWatch {
  /** The line nginx logged when it could not apply the new config, if it has. */
  failure(): Promise<string | undefined>;
  /**
   * Whether every worker of the previous generation has stopped accepting
   * connections. Until then an old worker may still take a new connection
   * and answer it with the old routes.
   */
  oldWorkersRetired(): Promise<boolean>;
}

/** Taken before a reload signal: the workers serving now, so the reload can tell when they stop accepting. */
export interface ReloadPlan {
  readonly oldWorkers: readonly number[];
}

/** One nginx the edge drives: Hostbay's own (supervised) or the operator's. */
export interface EdgeNginx {
  readonly kind: 'own' | 'system';
  /** `nginx -t` on a (staged) main config. */
  test(configFile: string): Promise<NginxTestResult>;
  /** Checks the config nginx will load on reload, after the swap (the operator's nginx.conf in system mode). */
  testLive(): Promise<NginxTestResult>;
  isRunning(): Promise<boolean>;
  start(): Promise<void>;
  /** Cheap to call beside `test`, so that it stays off the critical path of a change. */
  prepareReload(): Promise<ReloadPlan>;
  reload(plan: ReloadPlan): Promise<ReloadWatch>;
  stop(): Promise<void>;
}

/**
 * The edge's files in the data folder:
 *
 *   <edgeDir>/conf/gen-<n>/      one complete, self-contained generation of config
 *   <edgeDir>/conf/current       symlink to the live generation (nginx runs `-c current/nginx.conf`)
 *   <edgeDir>/prefix/            nginx's prefix: pid, lock, error log, temp folders, control socket
 *
 * A change writes a new generation beside the live one and then replaces the
 * `current` symlink with one rename(2): every file switches at once, and a
 * crash leaves either the old or the new generation live, never a mix.
 * Generated files refer to each other by their generation's absolute path, so
 * a staged generation validates exactly as it will run.
 */
export interface EdgeStore {
  readonly edgeDir: string;
  readonly prefixDir: string;
  readonly mainConfig: string;
  init(): Promise<void>;
  genDir(generation: number): string;
  currentGeneration(): Promise<number | undefined>;
  nextGeneration(): Promise<number>;
  /** Writes a generation's files (durably) under its final name. */
  stage(generation: number, files: Readonly<Record<string, string>>): Promise<void>;
  /** Points `current` at a staged generation. */
  activate(generation: number): Promise<void>;
  readFile(generation: number, name: string): Promise<string>;
  discard(generation: number): Promise<void>;
  /** Removes every generation except those listed. */
  prune(keep: readonly number[]): Promise<void>;
}

/** Asks the running nginx which config generation its workers serve. */
export interface EdgeProbe {
  /** The generation answered, or undefined when nothing (or something else) answers. */
  generation(): Promise<number | undefined>;
}
