/**
 * The field errors the API explains in words, each under a stable code, without
 * zod, so that the dashboard can translate them at run time without loading the
 * schemas (see the bundle budget in bench/RESULTS.md). The schemas (user.ts,
 * auth.ts, hosting.ts), the API's error handler and its SSH key check use these
 * texts, and a 422's `error.details[]` carries the code next to the message.
 */

/** bcrypt reads only the first 72 bytes of a password. */
export const PASSWORD_MAX_BYTES = 72;
/** The machine's own account (chpasswd, SHA-512 crypt) has no bcrypt limit; this only bounds the request. */
export const CONSOLE_PASSWORD_MAX_LENGTH = 128;

/** A suspension's reason: at most this many characters (shown to the member as written). */
export const SUSPENSION_REASON_MAX_LENGTH = 500;
export const MIN_RSA_BITS = 2048;

/** A snapshot's name, as its member wrote it: at most this many characters. */
export const SNAPSHOT_NAME_MAX_LENGTH = 64;

export const VALIDATION_MESSAGES = {
  field_required: 'This field is required.',

  snapshot_name_length: `A snapshot's name must be 1 to ${SNAPSHOT_NAME_MAX_LENGTH} characters.`,
  snapshot_name_characters: "A snapshot's name may not contain control characters.",

  username_too_short: 'Username must be at least 3 characters.',
  username_too_long: 'Username must be at most 32 characters.',
  username_invalid_characters:
    'Username may use lowercase letters, digits and "-", and must start and end with a letter or digit.',
  username_start_letter: 'Username must start with a lowercase letter.',
  username_double_hyphen: 'Username may not have "--" in the third and fourth characters.',
  username_reserved: 'This username is reserved.',

  email_too_long: 'Email must be at most 254 characters.',
  email_invalid: 'Enter a valid email address.',
  // The API appends the domains it accepts ("Use an address under school.example.").
  email_domain_not_allowed: 'Sign-up is open only to email addresses of the domains this Hostbay accepts.',
  invitation_email_mismatch: 'This invitation is for another email address.',

  password_too_short: 'Password must be at least 8 characters.',
  password_too_long: `Password must be at most ${PASSWORD_MAX_BYTES} bytes (the limit of bcrypt, which stores it).`,

  console_password_too_long: `Password must be at most ${CONSOLE_PASSWORD_MAX_LENGTH} characters.`,
  password_characters: 'Password may not contain control characters (line breaks, tabs).',
  password_incorrect: 'The password is not correct.',
  password_unchanged: 'Choose a new password that differs from the current one.',

  login_identifier_required: 'Send "email" (JSON) or "username" (OAuth2 form).',

  ssh_key_too_long: 'SSH public key is too long.',
  ssh_key_format:
    'Paste one OpenSSH public key line: ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa (2048 bits or more).',
  ssh_key_one_line: 'Paste exactly one public key line.',
  ssh_key_unparsable: 'This is not an OpenSSH public key. Paste the contents of your ~/.ssh/id_ed25519.pub.',
  // The API appends what it found ("This one has 1024."); the code names the rule.
  ssh_key_rsa_too_small: `RSA keys must have at least ${MIN_RSA_BITS} bits.`,
  ssh_key_type: 'Only ed25519, ECDSA and RSA keys are accepted.',

  domain_format: 'Enter a domain name such as www.example.org (letters, digits, "-" and dots).',
  // The API appends which: the base domain or a member's site name.
  domain_reserved: 'This domain belongs to this Hostbay itself and cannot be added.',
} as const;

export type ValidationMessageCode = keyof typeof VALIDATION_MESSAGES;

export const VALIDATION_MESSAGE_CODES = Object.keys(VALIDATION_MESSAGES) as ValidationMessageCode[];

export function isValidationMessageCode(code: unknown): code is ValidationMessageCode {
  return typeof code === 'string' && Object.hasOwn(VALIDATION_MESSAGES, code);
}

const CODE_OF_MESSAGE: ReadonlyMap<string, ValidationMessageCode> = new Map(
  VALIDATION_MESSAGE_CODES.map((code) => [VALIDATION_MESSAGES[code], code]),
);

/** The code of a message written here; undefined for any other text (zod's defaults, for one). */
export function validationCodeOf(message: string): ValidationMessageCode | undefined {
  return CODE_OF_MESSAGE.get(message);
}
