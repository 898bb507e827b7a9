import type { ImageHost } from '../../modules/image/image.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';
import { NodeStreamingProcessRunner, type StreamingProcessRunner } from '../process/streaming-process-runner.js';
import { ChrootInitramfs } from './chroot-initramfs.js';
import { DebootstrapInstaller } from './debootstrap-installer.js';
import { FetchHttpProbe } from './fetch-http-probe.js';
import { HostDiskTools } from './host-disk-tools.js';
import { NodeImageFs } from './node-image-fs.js';

/** The real host the image module works on: the local disk, its programs, the network. */
export function createImageHost(
  runner: ProcessRunner,
  streaming: StreamingProcessRunner = new NodeStreamingProcessRunner(),
): ImageHost {
  return {
    fs: new NodeImageFs(runner),
    debootstrap: new DebootstrapInstaller(streaming),
    initramfs: new ChrootInitramfs(runner),
    disks: new HostDiskTools(runner),
    probe: new FetchHttpProbe(),
  };
}
