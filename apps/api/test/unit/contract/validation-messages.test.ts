import { LoginRequest } from '@hostbay/contract/auth';
import { SshPublicKey } from '@hostbay/contract/hosting';
import { Email, Password, Username } from '@hostbay/contract/user';
import { VALIDATION_MESSAGE_CODES, VALIDATION_MESSAGES, validationCodeOf } from '@hostbay/contract/validation-messages';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

function firstMessage(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('validation messages', () => {
  it('gives every code its own message, so a message finds its code', () => {
    const messages = Object.values(VALIDATION_MESSAGES);
    expect(new Set(messages).size).toBe(messages.length);
    for (const code of VALIDATION_MESSAGE_CODES) expect(validationCodeOf(VALIDATION_MESSAGES[code])).toBe(code);
    expect(validationCodeOf('Invalid input: expected string, received number')).toBeUndefined();
  });

  it.each([
    ['username_too_short', Username, 'ab'],
    ['username_too_long', Username, 'a'.repeat(33)],
    ['username_invalid_characters', Username, 'a_b'],
    ['username_start_letter', Username, '1abc'],
    ['username_double_hyphen', Username, 'xn--abc'],
    ['username_reserved', Username, 'root'],
    ['email_too_long', Email, `${'a'.repeat(250)}@x.io`],
    ['email_invalid', Email, 'not-an-email'],
    ['password_too_short', Password, 'short'],
    ['password_too_long', Password, '가'.repeat(25)],
    ['login_identifier_required', LoginRequest, { password: 'x' }],
    ['ssh_key_too_long', SshPublicKey, `ssh-ed25519 ${'A'.repeat(16 * 1024)}`],
    ['ssh_key_format', SshPublicKey, 'ssh-dss AAAA'],
  ] as const)('the contract says %s in the words of the map', (code, schema, value) => {
    expect(firstMessage(schema, value)).toBe(VALIDATION_MESSAGES[code]);
  });
});
