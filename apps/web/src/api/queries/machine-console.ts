import type { ConsolePasswordRequest, ConsoleTicket } from '@hostbay/contract/console';
import { api } from '../client';

/** A single-use ticket for the console's WebSocket, valid for a few seconds (docs/users.md, "The console"). */
export function requestConsoleTicket(): Promise<ConsoleTicket> {
  return api.request<ConsoleTicket>('/hosting/my/console/ticket', { method: 'POST' });
}

/** Sets the machine account's password through the guest agent; answers null. */
export function setConsolePassword(request: ConsolePasswordRequest): Promise<null> {
  return api.request<null>('/hosting/my/console/password', { method: 'PUT', body: request });
}

/**
 * The WebSocket address of a ticket's `socket_path`, on this page's own host: the dashboard and the API
 * share an origin (the Vite dev server proxies /api, WebSockets included).
 */
export function consoleSocketUrl(socketPath: string, location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${socketPath}`;
}
