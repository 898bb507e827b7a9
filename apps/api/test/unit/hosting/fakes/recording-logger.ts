import type { JobLogger } from '../../../../src/modules/hosting/hosting.ports.js';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  detail: object;
}

/** Keeps what the lifecycle logs, so a test can tell a crash it expected from one it did not. */
export class RecordingLogger implements JobLogger {
  readonly entries: LogEntry[] = [];

  info(detail: object, msg: string): void {
    this.entries.push({ level: 'info', msg, detail });
  }

  warn(detail: object, msg: string): void {
    this.entries.push({ level: 'warn', msg, detail });
  }

  error(detail: object, msg: string): void {
    this.entries.push({ level: 'error', msg, detail });
  }

  messages(level: LogEntry['level']): string[] {
    return this.entries.filter((e) => e.level === level).map((e) => e.msg);
  }
}
