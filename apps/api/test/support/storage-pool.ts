import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { LibvirtDaemon } from '../../src/adapters/libvirt/libvirt-daemon.js';
import { LibvirtStorage } from '../../src/adapters/libvirt/libvirt-storage.js';
import { VirshSession } from '../../src/adapters/libvirt/virsh-session.js';
import { NodeProcessRunner } from '../../src/adapters/process/process-runner.js';

const SYSTEM = 'qemu:///system';
let daemon: Promise<void> | undefined;

/**
 * A real libvirt storage pool of its own for one test (a `dir` pool in the
 * test's folder, on the system libvirtd, which is started if nobody runs it).
 * libvirt's test driver keeps domains well but cannot upload to a volume
 * (virStorageVolUpload is not supported there), so the integration tier runs
 * domains on the test driver and storage on this real pool.
 */
export interface TestPool {
  storage: LibvirtStorage;
  /** Stops and forgets the pool; the folder goes with the test's folder. */
  remove(): Promise<void>;
}

export async function startTestPool(folder: string): Promise<TestPool> {
  daemon ??= new LibvirtDaemon(new NodeProcessRunner(), SYSTEM).ensureRunning();
  await daemon;
  const session = new VirshSession({ uri: SYSTEM });
  const storage = new LibvirtStorage(session, {
    pool: `hostbay-test-${randomBytes(5).toString('hex')}`,
    defaultDir: path.join(folder, 'volumes'),
  });
  await storage.ensurePool();
  return {
    storage,
    async remove() {
      await storage.removePool();
      await session.close();
    },
  };
}
