/**
 * The text rules Hostbay checks in more than one place (the API's schemas,
 * its settings, the VM and edge layers, the dashboard), each written once.
 * Plain regular expressions, without zod, so the dashboard can use them
 * without loading the schemas.
 */

/** One IPv4 octet, 0 to 255, without leading zeros (a `010` could be read as octal). */
export const IPV4_OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/** A dotted-quad IPv4 address such as 10.77.0.5. */
export const IPV4_PATTERN = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);

/** An IPv4 address, or a network written address/prefix such as 10.0.0.0/8. */
export const IPV4_OR_CIDR_PATTERN = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}(/([0-9]|[12][0-9]|3[0-2]))?$`);

/** A DNS name in lower case: labels of a-z, 0-9 and `-` (1 to 63, not starting or ending with `-`), 253 in all. */
export const HOSTNAME_PATTERN =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * A member's username, which becomes `<username>.<base-domain>` and the Linux
 * user in the VM: 3 to 32 of a-z, 0-9 and `-`, starting with a letter and not
 * ending with `-`. The contract's Username schema explains a failure piece by
 * piece; this is the same rule in one expression (a unit test holds them equal).
 */
export const USERNAME_PATTERN = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;

/**
 * One OpenSSH public key line as it goes into a guest's authorized_keys: a
 * key type Hostbay accepts, the base64 key, and a comment that is free text
 * without control characters (a NUL or U+0085 would end the line for some
 * readers and break the guest's cloud-init). The API checks a key against it
 * after normalising the spaces, and so does the VM specification.
 */
export const SSH_PUBLIC_KEY_PATTERN =
  /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,3}( \P{Cc}*)?$/u;
