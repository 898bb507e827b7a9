import { z } from 'zod';

/** Per-field validation problem, as carried in `error.details` of a 422. */
export const FieldError = z.object({
  field: z.string(),
  message: z.string(),
  code: z
    .string()
    .optional()
    .describe(
      'Stable code of the message (validation-messages.ts), e.g. "username_reserved", for clients that show their own text. Absent for other messages.',
    ),
});
export type FieldError = z.infer<typeof FieldError>;

/** The machine-readable part of a failed response. `code` is stable; clients switch on it. */
export const ApiErrorBody = z.object({
  code: z.string(),
  // A 422's (and a duplicate's 409) details are FieldErrors; other errors may carry other details.
  details: z.union([z.array(FieldError), z.unknown()]).optional(),
  request_id: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Every response Hostbay sends has this shape (DESIGN.md section 3). */
export function standardResponse<T extends z.ZodType>(data: T) {
  return z.object({
    success: z.boolean(),
    message: z.string(),
    data: data.nullable(),
    error: ApiErrorBody.nullable(),
  });
}

export const ErrorResponse = standardResponse(z.null());
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export interface StandardResponse<T> {
  success: boolean;
  message: string;
  data: T | null;
  error: ApiErrorBody | null;
}

/** Stable error codes the API uses. */
export const ErrorCode = {
  validation: 'validation_error',
  badRequest: 'bad_request',
  invalidJson: 'invalid_json',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  /** The account is suspended by an admin: its tokens no longer work. */
  accountSuspended: 'account_suspended',
  /** The account waits for an admin's approval: it may look, not create. */
  accountPending: 'account_pending',
  forbidden: 'forbidden',
  /** HOSTBAY_SIGNUP is `closed`: nobody may sign up. */
  signupClosed: 'signup_closed',
  /** HOSTBAY_SIGNUP is `invite` and the sign-up carried no invitation. */
  invitationRequired: 'invitation_required',
  /** The invitation is unknown, expired, used or revoked. */
  invitationInvalid: 'invitation_invalid',
  notFound: 'not_found',
  methodNotAllowed: 'method_not_allowed',
  invalidUrl: 'invalid_url',
  headersTooLarge: 'headers_too_large',
  requestTimeout: 'request_timeout',
  conflict: 'conflict',
  emailTaken: 'email_taken',
  usernameTaken: 'username_taken',
  /** Another plan has this name. */
  planNameTaken: 'plan_name_taken',
  /** Members are on the plan: move them to another before deleting it. */
  planInUse: 'plan_in_use',
  /** The member's plan asks for more than this host has. */
  planExceedsHost: 'plan_exceeds_host',
  /** Another hosting has this domain. */
  domainTaken: 'domain_taken',
  /** The hosting has as many domains as HOSTBAY_DOMAINS_PER_HOSTING allows. */
  domainLimit: 'domain_limit',
  /** The hosting keeps as many snapshots as its member's plan allows: delete one first. */
  snapshotLimit: 'snapshot_limit',
  /** The host's disk has too little room for this snapshot or backup: nothing was started. */
  diskFull: 'disk_full',
  /** HOSTBAY_BACKUP_SCHEDULE is off: this Hostbay takes no backups. */
  backupsOff: 'backups_off',
  /** The hosting is busy with another job (a start, a snapshot, a restore): wait for it. */
  hostingBusy: 'hosting_busy',
  /**
   * The console cannot be opened now: the machine is not running, its machines run on a libvirt elsewhere,
   * or nothing answers on its serial line (a machine made before Hostbay had consoles). The message says which.
   */
  consoleUnavailable: 'console_unavailable',
  /** The console ticket is unknown, used already or expired: ask for a new one. */
  consoleTicketInvalid: 'console_ticket_invalid',
  /** The guest agent did not answer (the machine is still starting, or its agent is stopped). */
  guestAgentUnavailable: 'guest_agent_unavailable',
  rateLimited: 'rate_limited',
  unsupportedGrantType: 'unsupported_grant_type',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  internal: 'internal_error',
  unavailable: 'service_unavailable',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The answer to a body over the API's limit (HOSTBAY_BODY_LIMIT). The API sends it, and so does
 * the edge, which refuses such a body before the API reads any of it: one text for both. The edge
 * has no request id to give; the API adds its own.
 */
export const PAYLOAD_TOO_LARGE_RESPONSE = {
  success: false,
  message: 'The request body is too large.',
  data: null,
  error: { code: ErrorCode.payloadTooLarge },
} as const satisfies ErrorResponse;
