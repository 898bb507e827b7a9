import { z } from 'zod';
import { CONSOLE_PASSWORD_MAX_LENGTH, VALIDATION_MESSAGES } from './validation-messages.js';

/**
 * A member's browser console (docs/users.md, "The console"): the machine's
 * serial line over a WebSocket. The socket is opened with a ticket that the
 * member asks for with their session; a ticket works once, for a few seconds,
 * for that member's hosting only. One console per hosting at a time: a new one
 * takes over and the old one is told.
 */

export const ConsoleTicket = z.object({
  ticket: z.string(),
  /** Path of the WebSocket, ticket included: `/api/v1/hosting/my/console/socket?ticket=…`. */
  socket_path: z.string(),
  expires_at: z.iso.datetime(),
  /** The account to log in as at the console's login prompt. */
  login: z.string(),
});
export type ConsoleTicket = z.infer<typeof ConsoleTicket>;

/** Why the server ended a console; the client shows it in words and may offer to connect again. */
export const ConsoleEndReason = z.enum([
  'taken_over',
  'session_expired',
  'account_unavailable',
  'hosting_unavailable',
  'console_failed',
  'server_stopping',
]);
export type ConsoleEndReason = z.infer<typeof ConsoleEndReason>;

/**
 * Messages on the socket. The guest's output comes as binary frames (bytes as the serial line has them);
 * everything else is one JSON text frame each.
 */
export const ConsoleClientMessage = z.discriminatedUnion('type', [
  /** Keystrokes, as xterm.js gives them. */
  z.object({ type: z.literal('input'), data: z.string().max(65_536) }),
  /** The terminal's size changed: the guest's serial line is told (through the guest agent). */
  z.object({
    type: z.literal('resize'),
    cols: z.number().int().min(2).max(1000),
    rows: z.number().int().min(2).max(1000),
  }),
]);
export type ConsoleClientMessage = z.infer<typeof ConsoleClientMessage>;

export const ConsoleServerMessage = z.discriminatedUnion('type', [
  /** Connected to the serial line. */
  z.object({ type: z.literal('ready') }),
  /** The server ends the console; the socket closes right after. */
  z.object({ type: z.literal('end'), reason: ConsoleEndReason }),
  /**
   * The console could not be opened (a browser cannot read a refused upgrade's answer, so it is said here):
   * `console_ticket_invalid` (ask for a new ticket), `console_unavailable` (message says why).
   */
  z.object({ type: z.literal('refused'), code: z.string(), message: z.string() }),
]);
export type ConsoleServerMessage = z.infer<typeof ConsoleServerMessage>;

/**
 * A new password for the machine's own account, set through the guest agent, for logging in at the console.
 * A hosting made with an SSH key keeps refusing passwords over SSH; one made with a password takes this one there too.
 */
export const ConsolePasswordRequest = z.object({
  password: z
    .string()
    .min(8, VALIDATION_MESSAGES.password_too_short)
    .max(CONSOLE_PASSWORD_MAX_LENGTH, VALIDATION_MESSAGES.console_password_too_long)
    // It goes to chpasswd in the guest, line by line: a line break would end it.
    .refine((password) => !/\p{Cc}/u.test(password), VALIDATION_MESSAGES.password_characters),
});
export type ConsolePasswordRequest = z.infer<typeof ConsolePasswordRequest>;
