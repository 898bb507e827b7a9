import type { DnsUpdateSettings } from '../../config/tls.js';
import type { DnsTxtRecords } from '../../modules/tls/tls.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';
import { HOSTNAME_PATTERN } from '@hostbay/contract/patterns';

/**
 * TXT records for DNS-01 through RFC 2136 dynamic updates signed with TSIG,
 * sent by `nsupdate` (bind9-dnsutils), which BIND, knot, PowerDNS and most
 * DNS servers accept. The commands go to nsupdate's standard input; every
 * value in them is checked first, so none can add a command of its own.
 */
export class Rfc2136TxtRecords implements DnsTxtRecords {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly settings: DnsUpdateSettings,
  ) {}

  add(name: string, value: string): Promise<void> {
    return this.send([`update add ${checkedName(name)}. 60 TXT "${checkedValue(value)}"`]);
  }

  remove(name: string, value: string): Promise<void> {
    return this.send([`update delete ${checkedName(name)}. TXT "${checkedValue(value)}"`]);
  }

  private async send(updates: string[]): Promise<void> {
    const { server, key, zone } = this.settings;
    const script = [`server ${server.host} ${server.port}`, `zone ${zone}.`, ...updates, 'send', ''].join('\n');
    // The key goes on the command line, never into a file others could read; `-v`: TCP, as large updates need.
    await this.runner.runChecked(['nsupdate', '-v', '-y', `${key.algorithm}:${key.name}:${key.secret}`], {
      input: script,
      timeoutMs: 30_000,
    });
  }
}

function checkedName(name: string): string {
  if (!HOSTNAME_PATTERN.test(name.replace(/^_acme-challenge\./, ''))) throw new Error(`not a DNS name: ${name}`);
  return name;
}

/** An ACME DNS-01 value is base64url (a SHA-256 digest): nothing that could end the quoted string. */
function checkedValue(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(value)) throw new Error('a DNS-01 value that is not base64url');
  return value;
}
