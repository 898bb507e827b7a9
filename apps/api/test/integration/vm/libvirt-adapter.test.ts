import { afterAll, describe, expect, it } from 'vitest';
import { LibvirtHypervisor } from '../../../src/adapters/libvirt/libvirt-hypervisor.js';
import { VirshCommandError, VirshSession } from '../../../src/adapters/libvirt/virsh-session.js';
import { buildDomainModel } from '../../../src/modules/vm/domain-model.js';
import { hostingOfDomainXml, renderDomainXml } from '../../../src/modules/vm/domain-xml.js';
import { bridgeNetworkModel, renderNetworkXml } from '../../../src/modules/vm/network-xml.js';
import { VmSpec } from '../../../src/modules/vm/vm.spec.js';
import { bridgeSpec, domainStorage, HOSTING_ID, INSTALLATION_ID, userSpec } from '../../unit/vm/factories.js';

describe('LibvirtHypervisor against test:///default', () => {
  const libvirt = new LibvirtHypervisor(new VirshSession({ uri: 'test:///default' }));
  afterAll(() => libvirt.close());
  const name = `hb-${HOSTING_ID}`;
  const files = domainStorage();

  it('defines, starts, stops and deletes a domain', async () => {
    expect(await libvirt.domainState(name)).toBe('missing');
    await libvirt.defineDomain(
      renderDomainXml(buildDomainModel(VmSpec.parse(userSpec()), files, 'qemu', INSTALLATION_ID)),
    );
    expect(await libvirt.listDomainNames()).toContain(name);
    expect(await libvirt.domainState(name)).toBe('shut off');

    expect(await libvirt.startDomain(name)).toBe('started');
    expect(await libvirt.domainState(name)).toBe('running');
    expect(await libvirt.shutdownDomain(name)).toBe('requested');
    expect(await libvirt.domainState(name)).toBe('shut off');
    expect(await libvirt.shutdownDomain(name)).toBe('not-running');

    await libvirt.startDomain(name);
    await libvirt.destroyDomain(name);
    expect(await libvirt.domainState(name)).toBe('shut off');

    await libvirt.undefineDomain(name);
    expect(await libvirt.domainState(name)).toBe('missing');
    expect(await libvirt.listDomainNames()).not.toContain(name);
  });

  it('keeps the hosting id in the stored definition’s metadata', async () => {
    await libvirt.defineDomain(
      renderDomainXml(buildDomainModel(VmSpec.parse(bridgeSpec()), files, 'qemu', INSTALLATION_ID)),
    );
    const stored = await libvirt.domainXml(name);
    expect(stored).toBeDefined();
    expect(hostingOfDomainXml(stored ?? '')?.id).toBe(HOSTING_ID);
    expect(stored).toContain("<filterref filter='clean-traffic'>");
    expect(stored).toContain("<mac address='52:54:00:4a:00:05'/>");
    await libvirt.undefineDomain(name);
  });

  it('treats repeated operations as done', async () => {
    const xml = renderDomainXml(buildDomainModel(VmSpec.parse(userSpec()), files, 'qemu', INSTALLATION_ID));
    await libvirt.defineDomain(xml);
    await libvirt.defineDomain(xml);
    await libvirt.startDomain(name);
    await libvirt.startDomain(name);
    await libvirt.destroyDomain(name);
    await libvirt.destroyDomain(name);
    await libvirt.undefineDomain(name);
    await libvirt.undefineDomain(name);
    await libvirt.destroyDomain(name);
    expect(await libvirt.domainXml(name)).toBeUndefined();
  });

  it("reads the host's CPUs and memory (the test driver's node: 16 CPUs, 3 GiB)", async () => {
    expect(await libvirt.nodeInfo()).toEqual({ cpus: 16, memoryKib: 3 * 1024 * 1024 });
  });

  it('reports real failures', async () => {
    expect(await libvirt.rebootDomain(name)).toBe('missing');
    expect(await libvirt.startDomain(name)).toBe('missing');
    expect(await libvirt.shutdownDomain(name)).toBe('missing');
    await expect(libvirt.defineDomain('<domain type="qemu"><name>broken')).rejects.toBeInstanceOf(VirshCommandError);
  });

  it('defines, starts and removes the bridge network', async () => {
    const model = bridgeNetworkModel({
      network: 'hostbay',
      device: 'hostbay0',
      cidr: { address: '10.77.0.0', prefix: 24 },
    });
    expect(await libvirt.networkInfo('hostbay')).toBeUndefined();
    await libvirt.defineNetwork(renderNetworkXml(model));
    expect(await libvirt.networkInfo('hostbay')).toEqual({ active: false, autostart: false });
    await libvirt.startNetwork('hostbay');
    await libvirt.startNetwork('hostbay');
    await libvirt.setNetworkAutostart('hostbay');
    expect(await libvirt.networkInfo('hostbay')).toEqual({ active: true, autostart: true });
    await libvirt.removeNetwork('hostbay');
    await libvirt.removeNetwork('hostbay');
    expect(await libvirt.networkInfo('hostbay')).toBeUndefined();
  });
});
