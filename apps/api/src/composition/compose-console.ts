import type { FastifyBaseLogger } from 'fastify';
import type { AuthService } from '../modules/auth/auth.service.js';
import { MachineConsoleService } from '../modules/machine-console/machine-console.service.js';
import type { HostingRuntime } from './compose-hosting.js';

/** Members' browser consoles over the hosting runtime's serial lines and guest agents. */
export function composeConsoles(
  runtime: HostingRuntime,
  auth: Pick<AuthService, 'activeUser'>,
  log: FastifyBaseLogger,
): MachineConsoleService {
  return new MachineConsoleService({
    hostings: runtime.stores.hostings,
    socketOf: (hostingId) => runtime.vm.consoleSocket(hostingId),
    lines: runtime.serialLines,
    agent: runtime.agent,
    activeUser: (userId) => auth.activeUser(userId),
    events: runtime.events,
    log,
  });
}
