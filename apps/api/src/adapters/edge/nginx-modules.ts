import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProcessRunner } from '../process/process-runner.js';

/**
 * Where this nginx's `stream` module is, when it is a dynamic module that the
 * config must `load_module` (Debian ships it as libnginx-mod-stream). Returns
 * undefined when stream is built in; throws when nginx has no stream at all.
 */
export async function detectStreamModule(runner: ProcessRunner, binary: string): Promise<string | undefined> {
  const result = await runner.runChecked([binary, '-V'], { timeoutMs: 10_000 });
  const text = result.stderr + result.stdout;
  if (/--with-stream(\s|$)/.test(text)) return undefined;
  if (!/--with-stream=dynamic/.test(text)) {
    throw new Error(
      `${binary} was built without the stream module; set HOSTBAY_SSH_FORWARD=off or install one with it`,
    );
  }
  const modulesPath =
    /--modules-path=(\S+)/.exec(text)?.[1] ??
    path.join(/--prefix=(\S+)/.exec(text)?.[1] ?? '/usr/share/nginx', 'modules');
  const module = path.join(modulesPath, 'ngx_stream_module.so');
  try {
    await access(module);
  } catch {
    throw new Error(
      `${module} is missing: install the stream module (Debian: libnginx-mod-stream) or set HOSTBAY_SSH_FORWARD=off`,
    );
  }
  return module;
}

/**
 * The hard limit on open files that nginx inherits from Hostbay: workers cannot
 * raise `worker_rlimit_nofile` above it without CAP_SYS_RESOURCE.
 */
export async function openFilesHardLimit(): Promise<number> {
  const limits = await readFile('/proc/self/limits', 'utf8');
  const hard = /^Max open files\s+\S+\s+(\S+)/m.exec(limits)?.[1];
  return hard === undefined || hard === 'unlimited' ? 1_048_576 : Number(hard);
}
