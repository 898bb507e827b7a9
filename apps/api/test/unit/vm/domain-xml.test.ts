import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { buildDomainModel, derivedMac } from '../../../src/modules/vm/domain-model.js';
import { hostingOfDomainXml, renderDomainXml } from '../../../src/modules/vm/domain-xml.js';
import { bridgeNetworkModel, renderNetworkXml } from '../../../src/modules/vm/network-xml.js';
import { VmSpec } from '../../../src/modules/vm/vm.spec.js';
import { bridgeSpec, domainStorage, HOSTING_ID, INSTALLATION_ID, userSpec } from './factories.js';

const files = domainStorage({ consoleSocketPath: `/run/hostbay/0123456789abcdef/consoles/${HOSTING_ID}.sock` });

// Golden files: review a change with `git diff`, accept it with `vitest -u`.
describe('domain XML', () => {
  it('matches the expected XML in user mode (TCG)', async () => {
    const xml = renderDomainXml(buildDomainModel(VmSpec.parse(userSpec()), files, 'qemu', INSTALLATION_ID));
    await expect(xml).toMatchFileSnapshot('../../fixtures/vm/domain-user.xml');
  });

  it('matches the expected XML in user mode with direct SSH: QEMU listens on the public port', async () => {
    const direct = userSpec({ network: { mode: 'user', webPort: 30001, sshPort: 2201, sshHost: '0.0.0.0' } });
    const xml = renderDomainXml(buildDomainModel(VmSpec.parse(direct), files, 'qemu', INSTALLATION_ID));
    await expect(xml).toMatchFileSnapshot('../../fixtures/vm/domain-user-direct.xml');
    // The web forward stays on loopback: only the edge may reach it.
    expect(xml).toContain('hostfwd=tcp:127.0.0.1:30001-:80,hostfwd=tcp:0.0.0.0:2201-:22"');
  });

  it('refuses a forward address that would smuggle options into QEMU', () => {
    const model = buildDomainModel(VmSpec.parse(userSpec()), files, 'qemu', INSTALLATION_ID);
    if (model.nic.mode !== 'user') throw new Error('expected a user-mode NIC');
    model.nic.forwards[1]!.hostAddress = '0.0.0.0,hostfwd=tcp:0.0.0.0:2222';
    expect(() => renderDomainXml(model)).toThrow(/not an IPv4 address/);
  });

  it('gives the serial line a socket for the browser console, logging to the same file; without one, the log alone', () => {
    const withSocket = renderDomainXml(buildDomainModel(VmSpec.parse(userSpec()), files, 'qemu', INSTALLATION_ID));
    expect(withSocket).toContain(
      `<source mode="bind" path="/run/hostbay/0123456789abcdef/consoles/${HOSTING_ID}.sock"/>`,
    );
    expect(withSocket).toContain(`<log file="${files.consoleLogPath}" append="on"/>`);
    const remote = domainStorage();
    const logOnly = renderDomainXml(buildDomainModel(VmSpec.parse(userSpec()), remote, 'qemu', INSTALLATION_ID));
    expect(logOnly).toContain(`<serial type="file">\n      <source path="${remote.consoleLogPath}"/>`);
    expect(logOnly).not.toContain('mode="bind"');
  });

  it('matches the expected XML in bridge mode (KVM)', async () => {
    const xml = renderDomainXml(buildDomainModel(VmSpec.parse(bridgeSpec()), files, 'kvm', INSTALLATION_ID));
    await expect(xml).toMatchFileSnapshot('../../fixtures/vm/domain-bridge.xml');
  });

  it('matches the expected bridge network XML', async () => {
    const xml = renderNetworkXml(
      bridgeNetworkModel({ network: 'hostbay', device: 'hostbay0', cidr: { address: '10.77.0.0', prefix: 24 } }),
    );
    await expect(xml).toMatchFileSnapshot('../../fixtures/vm/network-bridge.xml');
  });

  it('names the domain after the hosting id, never the username', () => {
    const xml = renderDomainXml(
      buildDomainModel(VmSpec.parse(userSpec({ username: 'mallory' })), files, 'qemu', INSTALLATION_ID),
    );
    expect(xml).toContain(`<name>hb-${HOSTING_ID}</name>`);
    expect(xml).not.toContain('mallory');
    expect(hostingOfDomainXml(xml)?.id).toBe(HOSTING_ID);
  });

  it('escapes every value instead of splicing it into markup', () => {
    const model = buildDomainModel(VmSpec.parse(userSpec()), files, 'qemu', INSTALLATION_ID);
    const boot = {
      kernel: '/srv/vmlinuz',
      initrd: '/srv/initrd.img',
      cmdline: `root=/dev/vda x="</cmdline><kernel>/evil</kernel>" & 'y'`,
    };
    model.directBoot = boot;
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(renderDomainXml(model)) as {
      domain: { os: { cmdline: string; kernel: string } };
    };
    expect(parsed.domain.os.cmdline).toBe(boot.cmdline);
    expect(parsed.domain.os.kernel).toBe(boot.kernel);
  });

  it('derives a stable, unicast, locally administered MAC in user mode', () => {
    const mac = derivedMac(HOSTING_ID);
    expect(mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(derivedMac(HOSTING_ID)).toBe(mac);
    expect(derivedMac('0b5e2a4c-1111-4222-8333-944455556666')).not.toBe(mac);
  });

  it('finds the hosting id only in Hostbay’s namespace, whatever the prefix', () => {
    const other = `<domain><name>hb-x</name><metadata><x:hosting xmlns:x="https://example.org/other" id="${HOSTING_ID}"/></metadata></domain>`;
    expect(hostingOfDomainXml(other)?.id).toBeUndefined();
    const renamed = `<domain><name>hb-x</name><metadata><hb:hosting xmlns:hb="https://hostbay.dev/xmlns/hosting/1" id="${HOSTING_ID}"/></metadata></domain>`;
    expect(hostingOfDomainXml(renamed)?.id).toBe(HOSTING_ID);
    expect(hostingOfDomainXml('<domain><name>plain</name></domain>')?.id).toBeUndefined();
  });
});

describe('a distro cloud image', () => {
  const cloud = { disk: '/srv/images/debian-12-genericcloud-amd64.qcow2', installsWebServer: true };

  it('boots from its disk and may reach a mirror to install its web server', () => {
    const xml = renderDomainXml(
      buildDomainModel(VmSpec.parse(userSpec({ baseImage: cloud })), files, 'qemu', INSTALLATION_ID),
    );
    expect(xml).toContain('<boot dev="hd"/>');
    expect(xml).not.toContain('<kernel>');
    expect(xml).toContain('restrict=off');
  });

  it("keeps Hostbay's own image boxed in: direct boot, restricted network", () => {
    const xml = renderDomainXml(buildDomainModel(VmSpec.parse(userSpec()), files, 'qemu', INSTALLATION_ID));
    expect(xml).toContain('<kernel>');
    expect(xml).toContain('restrict=on');
  });

  it('lets guests out only when the operator says so (HOSTBAY_VM_OUTBOUND)', () => {
    const spec = VmSpec.parse(userSpec());
    expect(renderDomainXml(buildDomainModel(spec, files, 'qemu', INSTALLATION_ID, { outbound: true }))).toContain(
      'restrict=off',
    );
    expect(renderDomainXml(buildDomainModel(spec, files, 'qemu', INSTALLATION_ID, { outbound: false }))).toContain(
      'restrict=on',
    );
  });

  it('refuses a kernel without its initrd and command line', () => {
    expect(VmSpec.safeParse(userSpec({ baseImage: { disk: '/srv/base.qcow2', kernel: '/srv/vmlinuz' } })).success).toBe(
      false,
    );
  });
});
