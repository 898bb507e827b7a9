import { XMLParser } from 'fast-xml-parser';
import type { ProcessRunner } from '../../../src/adapters/process/process-runner.js';

/** One `<interface>` of a domain's live XML, as the bridge-mode checks need it. */
export interface LiveNic {
  type: string | undefined;
  network: string | undefined;
  /** The bridge libvirt attached the tap to. */
  bridge: string | undefined;
  mac: string | undefined;
  /** The tap device (vnetN), only present while the domain runs. */
  tap: string | undefined;
  filter: string | undefined;
  filterParameters: Record<string, string>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['interface', 'parameter'].includes(name),
});

export function liveNics(domainXml: string): LiveNic[] {
  const document = parser.parse(domainXml) as {
    domain?: { devices?: { interface?: Record<string, unknown>[] } };
  };
  return (document.domain?.devices?.interface ?? []).map((nic) => {
    const filterref = nic.filterref as { '@filter'?: string; parameter?: { '@name': string; '@value': string }[] };
    return {
      type: nic['@type'] as string | undefined,
      network: attribute(nic.source, '@network'),
      bridge: attribute(nic.source, '@bridge'),
      mac: attribute(nic.mac, '@address'),
      tap: attribute(nic.target, '@dev'),
      filter: filterref?.['@filter'],
      filterParameters: Object.fromEntries((filterref?.parameter ?? []).map((p) => [p['@name'], p['@value']])),
    };
  });
}

/** `virsh nwfilter-binding-list` (with or without `-q`'s header): port device → filter name. */
export function filterBindings(listOutput: string): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const line of listOutput.split('\n')) {
    const [port, filter, ...rest] = line.trim().split(/\s+/);
    if (!port || !filter || rest.length > 0 || /^-+$/.test(port) || (port === 'Port' && filter === 'Dev')) continue;
    bindings.set(port, filter);
  }
  return bindings;
}

/** One file of an ISO 9660 image (the NoCloud seed), by its Joliet name. */
export async function isoFile(runner: ProcessRunner, iso: string, name: string): Promise<string> {
  return (await runner.runChecked(['isoinfo', '-i', iso, '-J', '-x', `/${name}`])).stdout;
}

function attribute(element: unknown, name: string): string | undefined {
  if (typeof element !== 'object' || element === null) return undefined;
  const value = (element as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
