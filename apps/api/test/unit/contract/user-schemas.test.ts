import { USERNAME_PATTERN } from '@hostbay/contract/patterns';
import { isReservedUsername, reservedUsernames } from '@hostbay/contract/reserved-names';
import { Password, Username } from '@hostbay/contract/user';
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
    for (const name of reservedUsernames()) expect(Username.safeParse(name).success).toBe(false);
  });

  // Labels software looks up under a domain by itself: a member holding one could answer for the domain.
  it.each([
    'wpad',
    'isatap',
    'mta-sts',
    'autoconfig',
    'autodiscover',
    'login',
    'secure',
    'openpgpkey',
    'webmail',
    'ns12',
    'mx3',
    'www2',
  ])('refuses the well-known service or security label %j', (name) => {
    expect(Username.safeParse(name).error?.issues.map((issue) => issue.message)).toEqual([
      'This username is reserved.',
    ]);
  });

  it.each(['dana', 'student', 'kim', 'minjun', 'seoyeon', 'class-3b', 'nsfan', 'mailman-fan'])(
    'still lets people have ordinary names: %j',
    (name) => {
      expect(Username.safeParse(name).success).toBe(true);
    },
  );
});

describe('Password', () => {
  it('counts bytes, not characters, against bcrypt’s 72-byte limit', () => {
    expect(Password.safeParse('가'.repeat(24)).success).toBe(true); // 72 bytes
    expect(Password.safeParse('가'.repeat(25)).success).toBe(false); // 75 bytes
    expect(Password.safeParse('1234567').success).toBe(false);
  });
});

describe('USERNAME_PATTERN (the same rule in one expression, for the VM and edge layers)', () => {
  it('accepts exactly what Username accepts, reserved names and xn-- style prefixes aside', () => {
    const alphabet = ['a', 'z', '0', '9', '-', 'A', '_', '.'];
    let compared = 0;
    // Every name of 1 to 4 characters from a small alphabet, and longer ones at the length limits.
    const names: string[] = [''];
    for (let length = 1; length <= 4; length += 1)
      for (const name of names.filter((n) => n.length === length - 1)) for (const c of alphabet) names.push(name + c);
    names.push('a'.repeat(32), 'a'.repeat(33), `a${'-'.repeat(30)}b`, `a${'-'.repeat(31)}b`);
    for (const name of names) {
      if (isReservedUsername(name) || name.slice(2, 4) === '--') continue;
      expect(USERNAME_PATTERN.test(name), name).toBe(Username.safeParse(name).success);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(4000);
  });
});
