import { Password, RESERVED_USERNAMES, Username } from '@hostbay/contract/user';
import { describe, expect, it } from 'vitest';

describe('Username (a DNS label and a Linux user name)', () => {
  it.each(['abc', 'alice', 'bob-smith', 'a1b2c3', `a${'b'.repeat(30)}c`])('accepts %j', (name) => {
    expect(Username.safeParse(name).success).toBe(true);
  });

  it.each([
    'ab',
    'a'.repeat(33),
    'Alice',
    '-abc',
    'abc-',
    'a_b',
    'a.b',
    'a b',
    '1abc',
    'ab--c',
    'abc\n',
    'abc;rm',
    'ü-name',
    'www',
    'root',
    'localhost',
  ])('refuses %j', (name) => {
    expect(Username.safeParse(name).success).toBe(false);
  });

  it('refuses every reserved name', () => {
    for (const name of RESERVED_USERNAMES) expect(Username.safeParse(name).success).toBe(false);
  });
});

describe('Password', () => {
  it('counts bytes, not characters, against bcrypt’s 72-byte limit', () => {
    expect(Password.safeParse('가'.repeat(24)).success).toBe(true); // 72 bytes
    expect(Password.safeParse('가'.repeat(25)).success).toBe(false); // 75 bytes
    expect(Password.safeParse('1234567').success).toBe(false);
  });
});
