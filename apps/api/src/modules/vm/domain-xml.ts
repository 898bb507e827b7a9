import { XMLParser } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { DomainModel, DomainNic, PortForward } from './domain-model.js';
import { IPV4_PATTERN } from '@hostbay/contract/patterns';

export const QEMU_NS = 'http://libvirt.org/schemas/domain/qemu/1.0';
/** Hostbay's own element in `<metadata>`: marks the domain as a hosting's and names the hosting. */
export const HOSTBAY_NS = 'https://hostbay.dev/xmlns/hosting/1';

/** The libvirt domain XML for a model. Values are escaped by the builder; none is spliced into markup. */
export function renderDomainXml(model: DomainModel): string {
  const domain = create().ele('domain', { type: model.type, 'xmlns:qemu': QEMU_NS });
  domain.ele('name').txt(model.name);
  // A fixed uuid makes redefining update the domain; without one libvirt makes up a new
  // uuid and refuses the second definition of the name.
  domain.ele('uuid').txt(model.uuid);
  const metadata = domain.ele('metadata');
  if (model.owner.kind === 'hosting')
    metadata.ele(HOSTBAY_NS, 'hostbay:hosting', { id: model.owner.id, installation: model.installationId });
  else metadata.ele(HOSTBAY_NS, 'hostbay:template', { key: model.owner.key, installation: model.installationId });
  // A VM generation ID: libvirt gives a restored domain a new one, and Linux reseeds its random state when it
  // changes, so no two hostings restored from one saved template go on with the same random numbers.
  domain.ele('genid');
  domain.ele('memory', { unit: 'MiB' }).txt(String(model.memoryMib));
  domain.ele('vcpu').txt(String(model.vcpus));

  const os = domain.ele('os');
  os.ele('type', { arch: 'x86_64', machine: 'pc' }).txt('hvm');
  if (model.directBoot) {
    // Direct kernel boot: the guest's own kernel and initrd, no bootloader to wait for.
    os.ele('kernel').txt(model.directBoot.kernel);
    os.ele('initrd').txt(model.directBoot.initrd);
    os.ele('cmdline').txt(model.directBoot.cmdline);
  } else {
    // A distro cloud image boots its own bootloader from the root disk.
    os.ele('boot', { dev: 'hd' });
  }

  // ACPI lets `virsh shutdown` ask the guest to power off cleanly.
  domain.ele('features').ele('acpi').up().ele('apic');
  if (model.type === 'kvm') domain.ele('cpu', { mode: 'host-passthrough' });
  domain.ele('clock', { offset: 'utc' });
  domain.ele('on_poweroff').txt('destroy');
  domain.ele('on_reboot').txt('restart');
  domain.ele('on_crash').txt('destroy');

  const devices = domain.ele('devices');
  for (const disk of model.disks) {
    // virtio for both: Debian's cloud kernel has no AHCI driver for a SATA CD-ROM.
    const element = devices.ele('disk', { type: 'volume', device: 'disk' });
    element.ele('driver', { name: 'qemu', type: disk.format });
    element.ele('source', { pool: disk.pool, volume: disk.volume });
    element.ele('target', { dev: disk.target, bus: 'virtio' });
    if (disk.readonly) element.ele('readonly');
  }
  if (model.nic.mode === 'bridge') addBridgeNic(devices, model.nic);
  addSerialLine(devices, model);
  // Host entropy: first-boot key generation otherwise waits for the guest's own.
  devices.ele('rng', { model: 'virtio' }).ele('backend', { model: 'random' }).txt('/dev/urandom');
  // Never inflated: it is there for the guest's own memory figures (used, caches), which the resource graphs show.
  devices.ele('memballoon', { model: 'virtio' }).ele('stats', { period: '10' });
  // The QEMU guest agent's channel (libvirt picks the socket): instant hostings are made unique through it.
  devices.ele('channel', { type: 'unix' }).ele('target', { type: 'virtio', name: 'org.qemu.guest_agent.0' });

  // Every guest's QEMU runs as one unprivileged account: the guest firewall knows the guests' sockets by
  // it, and a guest that escapes QEMU is not root. relabel: libvirt gives that account the VM's disks.
  domain
    .ele('seclabel', { type: 'static', model: 'dac', relabel: 'yes' })
    .ele('label')
    .txt(`${model.runAs}:${model.runAs}`);

  if (model.nic.mode === 'user') addUserNic(domain, model.nic);
  return domain.end({ prettyPrint: true, indent: '  ', headless: true }) + '\n';
}

/**
 * The serial line (ttyS0, where the guest's kernel and a login prompt talk). With a socket, QEMU listens on
 * it for the browser console and libvirt still writes everything to the log; without, only the log.
 */
function addSerialLine(devices: XMLBuilder, model: DomainModel): void {
  const type = model.consoleSocket === undefined ? 'file' : 'unix';
  const source =
    model.consoleSocket === undefined ? { path: model.consoleLog } : { mode: 'bind', path: model.consoleSocket };
  const serial = devices.ele('serial', { type });
  serial.ele('source', source);
  if (model.consoleSocket !== undefined) serial.ele('log', { file: model.consoleLog, append: 'on' });
  serial.ele('target', { port: '0' });
  const consoleElement = devices.ele('console', { type });
  consoleElement.ele('source', source);
  consoleElement.ele('target', { type: 'serial', port: '0' });
}

/**
 * QEMU user networking, through `<qemu:commandline>`: libvirt 9 has no
 * `passt` backend and its own `type='user'` interface cannot forward ports.
 * `restrict=on` keeps the guest from reaching anything but its forwards;
 * only a cloud image that must download its web server gets `restrict=off`.
 */
/**
 * libvirt does not know about the NIC it did not create and numbers its own
 * devices from slot 2 up; QEMU would put the NIC in slot 2 too and refuse to
 * start. The last slot of the i440fx bus stays clear of libvirt's few devices.
 */
const USER_NIC_PCI_SLOT = '0x1f';

/** The user-mode network's id in QEMU. */
const USER_NETDEV = 'hbnet';

/** One forward in QEMU's words (`tcp:127.0.0.1:2201-:22`), checked: it lands in an option string or a monitor command. */
function hostForwardRule(f: PortForward): string {
  // XML escaping does not protect QEMU's option string: a `,` would add options. VmSpec checked these already.
  if (!IPV4_PATTERN.test(f.hostAddress) || !Number.isInteger(f.hostPort) || !Number.isInteger(f.guestPort)) {
    throw new Error(`port forward ${f.hostAddress}:${f.hostPort} is not an IPv4 address and port`);
  }
  return `tcp:${f.hostAddress}:${f.hostPort}-:${f.guestPort}`;
}

function addUserNic(domain: XMLBuilder, nic: Extract<DomainNic, { mode: 'user' }>): void {
  const forwards = nic.forwards.map((f) => `hostfwd=${hostForwardRule(f)}`);
  const args = [
    '-netdev',
    ['user', `id=${USER_NETDEV}`, `restrict=${nic.outbound ? 'off' : 'on'}`, ...forwards].join(','),
    '-device',
    `virtio-net-pci,netdev=hbnet,mac=${nic.mac},bus=pci.0,addr=${USER_NIC_PCI_SLOT}`,
  ];
  const commandline = domain.ele(QEMU_NS, 'qemu:commandline');
  for (const value of args) commandline.ele(QEMU_NS, 'qemu:arg', { value });
}

/**
 * A NIC on the libvirt network; `clean-traffic` drops frames whose MAC or IP
 * is not the VM's own, and an isolated port reaches the host's side of the
 * bridge but no other isolated port: no guest reaches another.
 */
function addBridgeNic(devices: XMLBuilder, nic: Extract<DomainNic, { mode: 'bridge' }>): void {
  const element = devices.ele('interface', { type: 'network' });
  element.ele('source', { network: nic.network });
  element.ele('mac', { address: nic.mac });
  element.ele('model', { type: 'virtio' });
  element.ele('port', { isolated: 'yes' });
  element.ele('filterref', { filter: 'clean-traffic' }).ele('parameter', { name: 'IP', value: nic.ip });
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

/**
 * The hosting id and installation in a domain's `<metadata>`, or undefined for
 * a domain that is not a hosting's. The namespace decides, not the prefix:
 * libvirt keeps whatever prefix the definition used.
 */
export function hostingOfDomainXml(xml: string): { id: string; installation: string | undefined } | undefined {
  const document: unknown = parser.parse(xml);
  const metadata = pick(pick(document, 'domain'), 'metadata');
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  for (const [name, element] of Object.entries(metadata)) {
    const [prefix, local] = name.includes(':') ? name.split(':', 2) : [undefined, name];
    if (local !== 'hosting') continue;
    const xmlns = pick(element, prefix === undefined ? '@xmlns' : `@xmlns:${prefix}`);
    const id = pick(element, '@id');
    const installation = pick(element, '@installation');
    if (xmlns === HOSTBAY_NS && typeof id === 'string')
      return { id, installation: typeof installation === 'string' ? installation : undefined };
  }
  return undefined;
}

function pick(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
