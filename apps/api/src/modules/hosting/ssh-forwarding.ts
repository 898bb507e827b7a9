import { ConfigError } from '../../config/env-reader.js';
import type { SshForward } from '../../config/edge.js';
import { forwardsSshDirectly } from './hosting-context.js';
import type { HostingRecord } from './hosting.types.js';

/**
 * Each hosting keeps the SSH forward it was created with (see
 * `forwardsSshDirectly`), but the edge renders its `stream` for all routes or
 * none. Refuses, before the edge starts, a setting that cannot serve the
 * existing hostings:
 * - `stream` over direct hostings: their QEMU already listens on the public
 *   ports nginx would have to bind, and every reload would fail;
 * - `direct` over hostings made for the stream: nothing would listen on their
 *   public SSH ports.
 * `off` forwards nothing by design and is always accepted.
 */
export function checkSshForwarding(forward: SshForward, hostings: readonly HostingRecord[]): void {
  if (forward === 'off') return;
  const misfits = hostings.filter((h) => forwardsSshDirectly(h) !== (forward === 'direct'));
  if (misfits.length === 0) return;
  const which = `${misfits.length} hosting(s), e.g. ${misfits[0]?.username ?? '?'},`;
  if (forward === 'stream') {
    throw new ConfigError(
      'HOSTBAY_SSH_FORWARD',
      `expected direct (or auto in HOSTBAY_NETWORK_MODE=user): ${which} were created with direct SSH forwarding and their VMs hold their public SSH ports, so nginx cannot listen there; delete them before switching to stream`,
      forward,
    );
  }
  throw new ConfigError(
    'HOSTBAY_SSH_FORWARD',
    `expected stream: ${which} were created for the nginx stream forward, which direct (auto in user networking) does not render, so their SSH ports would answer nothing; set HOSTBAY_SSH_FORWARD=stream, or delete them before switching to direct`,
    forward,
  );
}
