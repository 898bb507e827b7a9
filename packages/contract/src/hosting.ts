import { z } from 'zod';
import { PROVISION_STEP_NAMES } from './step-names.js';
import { SiteHttps } from './tls.js';
import { VALIDATION_MESSAGES } from './validation-messages.js';

/**
 * Hosting states. Every change goes through the transition table in the API
 * (modules/hosting/hosting-state.ts); this list is only the vocabulary.
 */
export const HostingStatus = z.enum([
  'CREATING',
  'RUNNING',
  'STOPPING',
  'STOPPED',
  'STARTING',
  // Restarting at its owner's request: the site is down until the machine answers again (about a minute).
  'REBOOTING',
  // A snapshot is being restored: the machine is stopped, its disk put back, and started again.
  'RESTORING',
  'DELETING',
  'DELETED',
  'ERROR',
]);
export type HostingStatus = z.infer<typeof HostingStatus>;

/** The provisioning steps, in the order they run. */
export const ProvisionStepName = z.enum(PROVISION_STEP_NAMES);
export type ProvisionStepName = z.infer<typeof ProvisionStepName>;

export const StepState = z.enum(['pending', 'running', 'done', 'failed', 'undoing', 'undone']);
export type StepState = z.infer<typeof StepState>;

/** The steps of the hosting's latest job: creation's (ProvisionStepName), or delete/start/stop/reboot's. */
export const ProvisionStep = z.object({
  name: z.string(),
  state: StepState,
  started_at: z.iso.datetime().nullable(),
  finished_at: z.iso.datetime().nullable(),
});
export type ProvisionStep = z.infer<typeof ProvisionStep>;

export const HostingError = z.object({
  step: z.string().nullable(),
  message: z.string(),
  retry_safe: z.boolean(),
});
export type HostingError = z.infer<typeof HostingError>;

/**
 * Why a STOPPED hosting is off: its owner (`member`) or an operator (`operator`) stopped it, its owner's
 * suspension holds it (`suspension`), or it went off by itself (`unexpected`: shut down from inside, or
 * killed on the host) and Hostbay noticed. Cleared whenever the hosting leaves STOPPED.
 */
export const StopCause = z.enum(['member', 'operator', 'suspension', 'unexpected']);
export type StopCause = z.infer<typeof StopCause>;

/** What the owner may ask for now; decided by the API (modules/hosting/hosting-policy.ts). */
export const HostingCommand = z.enum(['start', 'stop', 'reboot', 'delete']);
export type HostingCommand = z.infer<typeof HostingCommand>;

export const Hosting = z.object({
  id: z.uuid(),
  status: HostingStatus,
  /** Why it is off; null unless the status is STOPPED (or STOPPING, on its way there). */
  stop_cause: StopCause.nullable(),
  web_url: z.string(),
  ssh_command: z.string(),
  ssh_host: z.string(),
  ssh_port: z.number().int().nullable(),
  ssh_user: z.string(),
  /**
   * How SSH lets the member in: `password` (made without a key: sshd takes the member's password, the same
   * one the console's login prompt asks for) or `key` (sshd refuses passwords; a password set later is for
   * the console only).
   */
  ssh_auth: z.enum(['password', 'key']),
  ip_address: z.string().nullable(),
  vm_name: z.string(),
  vcpus: z.number().int(),
  memory_mb: z.number().int(),
  disk_gb: z.number().int(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  error: HostingError.nullable(),
  steps: z.array(ProvisionStep),
  allowed_actions: z.array(HostingCommand),
  /**
   * How the machine was made: `template`, restored from a booted template and
   * made the member's in seconds; `boot`, booted from the base image (no
   * template was ready yet, or this host cannot keep one).
   */
  creation_path: z.enum(['template', 'boot']),
  /** HTTPS of the site (docs/operators.md, "HTTPS"); `web_url` is https:// once the state is valid. */
  https: SiteHttps,
});
export type Hosting = z.infer<typeof Hosting>;

/** ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa of at least 2048 bits; checked fully by the API. */
export const SshPublicKey = z
  .string()
  .trim()
  .max(16 * 1024, VALIDATION_MESSAGES.ssh_key_too_long)
  .regex(
    /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/,
    VALIDATION_MESSAGES.ssh_key_format,
  );

export const CreateHostingRequest = z.object({
  ssh_public_key: SshPublicKey.optional(),
});
export type CreateHostingRequest = z.infer<typeof CreateHostingRequest>;

/** The create response: the hosting plus, only when no key was given, the one-time password. */
export const CreatedHosting = Hosting.extend({
  initial_password: z.string().nullable(),
});
export type CreatedHosting = z.infer<typeof CreatedHosting>;

export const HostingAction = z.enum(['start', 'stop', 'reboot']);
export type HostingAction = z.infer<typeof HostingAction>;

export const HostingActionRequest = z.object({ action: HostingAction });
export type HostingActionRequest = z.infer<typeof HostingActionRequest>;

/** One server-sent event on GET /hosting/my/events (event name `hosting`). */
export const HostingEvent = z.object({
  hosting: Hosting.nullable(),
});
export type HostingEvent = z.infer<typeof HostingEvent>;

/**
 * Why the server ended the stream: its token expired, or the account may no longer use Hostbay
 * (deleted). Either way the session is over: the dashboard stops reconnecting with that token.
 */
export const HostingStreamEndReason = z.enum(['session_expired', 'account_unavailable']);
export type HostingStreamEndReason = z.infer<typeof HostingStreamEndReason>;

/** The last server-sent event on GET /hosting/my/events (event name `end`); the connection closes after it. */
export const HostingStreamEnd = z.object({ reason: HostingStreamEndReason });
export type HostingStreamEnd = z.infer<typeof HostingStreamEnd>;
