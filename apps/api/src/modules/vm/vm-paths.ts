import path from 'node:path';

/** The files one VM owns, all in `<dataDir>/vms/<hosting id>/` so that deleting the folder removes them all. */
export interface VmFiles {
  dir: string;
  /** qcow2 overlay on the base image: the VM's own disk. */
  disk: string;
  /** NoCloud seed (ISO 9660, label `cidata`) attached as a virtio disk. */
  seed: string;
  /** The serial console, for diagnosing boots. */
  consoleLog: string;
  /** The seed's instance id, kept so rewriting the seed does not make cloud-init treat the VM as new. */
  instanceId: string;
}

/** `hostingId` must already be validated as a uuid: it becomes a folder name. */
export function vmFiles(vmsDir: string, hostingId: string): VmFiles {
  const dir = path.join(vmsDir, hostingId);
  return {
    dir,
    disk: path.join(dir, 'disk.qcow2'),
    seed: path.join(dir, 'seed.iso'),
    consoleLog: path.join(dir, 'console.log'),
    instanceId: path.join(dir, 'instance-id'),
  };
}
