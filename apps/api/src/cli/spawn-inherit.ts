import { spawn } from 'node:child_process';

/** Runs a tool with the terminal attached (test runners, apt), resolving to its exit code. */
export function spawnInherit(
  command: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<number> {
  const [file, ...args] = command;
  if (!file) return Promise.resolve(1);
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'inherit' });
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
