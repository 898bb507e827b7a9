import { z } from 'zod';
import type { GuestAgent, GuestCommandResult } from '../../modules/vm/vm.ports.js';
import { VirshCommandError, type VirshSession } from './virsh-session.js';

/** QEMU guest agent answers, as far as Hostbay reads them (qemu-ga's QAPI schema). */
const ExecStarted = z.object({ return: z.object({ pid: z.number().int() }) });
const ExecStatus = z.object({
  return: z.object({
    exited: z.boolean(),
    exitcode: z.number().int().optional(),
    signal: z.number().int().optional(),
    'out-data': z.string().optional(),
    'err-data': z.string().optional(),
  }),
});

/** How often a started command is asked whether it has ended: a personalisation takes about a second. */
const STATUS_POLL_MS = 40;

/**
 * The QEMU guest agent inside a hosting's VM, through libvirt
 * (`virsh qemu-agent-command` on the domain's `org.qemu.guest_agent.0`
 * channel). Programs run with an argument vector, never through a shell
 * Hostbay composes, and their input travels base64-encoded: no member value
 * is ever parsed as a command line.
 */
export class LibvirtGuestAgent implements GuestAgent {
  constructor(private readonly virsh: VirshSession) {}

  async ping(domain: string, timeoutMs: number): Promise<boolean> {
    try {
      await this.command(domain, { execute: 'guest-ping' }, timeoutMs);
      return true;
    } catch (error) {
      if (error instanceof VirshCommandError) return false;
      throw error;
    }
  }

  async run(
    domain: string,
    argv: readonly [string, ...string[]],
    options: { stdin?: string; timeoutMs: number; signal?: AbortSignal },
  ): Promise<GuestCommandResult> {
    const [path, ...arg] = argv;
    const deadline = Date.now() + options.timeoutMs;
    const started = ExecStarted.parse(
      await this.command(
        domain,
        {
          execute: 'guest-exec',
          arguments: {
            path,
            arg,
            'capture-output': true,
            ...(options.stdin === undefined ? {} : { 'input-data': Buffer.from(options.stdin).toString('base64') }),
          },
        },
        Math.min(options.timeoutMs, 10_000),
      ),
    );
    for (;;) {
      const status = ExecStatus.parse(
        await this.command(domain, { execute: 'guest-exec-status', arguments: { pid: started.return.pid } }, 5000),
      ).return;
      if (status.exited) {
        return {
          exitCode: status.exitcode ?? (status.signal === undefined ? -1 : 128 + status.signal),
          stdout: decode(status['out-data']),
          stderr: decode(status['err-data']),
        };
      }
      if (options.signal?.aborted) throw options.signal.reason;
      if (Date.now() > deadline) throw new Error(`${path} did not end within ${options.timeoutMs} ms in ${domain}`);
      await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    }
  }

  async syncClock(domain: string): Promise<void> {
    await this.virsh.run(['domtime', '--domain', domain, '--sync'], { timeoutMs: 10_000 });
  }

  async freeze(domain: string): Promise<number> {
    const output = await this.virsh.run(['domfsfreeze', '--domain', domain], { timeoutMs: 60_000 });
    return Number(/(\d+)/.exec(output)?.[1] ?? 0);
  }

  async thaw(domain: string): Promise<void> {
    await this.virsh.run(['domfsthaw', '--domain', domain], { timeoutMs: 60_000 });
  }

  private async command(domain: string, request: unknown, timeoutMs: number): Promise<unknown> {
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    const output = await this.virsh.run(
      ['qemu-agent-command', '--domain', domain, '--timeout', String(seconds), asciiJson(request)],
      { timeoutMs: timeoutMs + 5000 },
    );
    return JSON.parse(output) as unknown;
  }
}

/** JSON in printable ASCII only (the virsh shell takes nothing else): other characters as \u escapes. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function decode(data: string | undefined): string {
  return data === undefined ? '' : Buffer.from(data, 'base64').toString('utf8');
}
