import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../../src/errors.js';
import { isLoopback, ScrapeAccess } from '../../../src/modules/metrics/scrape-access.js';

const TOKEN = 'c2b1f0d4a6e8c0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4';

describe('who may scrape /metrics', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])(
    'counts %s as this machine',
    (ip) => {
      expect(isLoopback(ip)).toBe(true);
    },
  );

  it.each(['203.0.113.9', '10.0.0.1', '::ffff:10.0.0.1', '::2', 'fe80::1', '', 'localhost'])(
    'does not count %j as this machine',
    (ip) => {
      expect(isLoopback(ip)).toBe(false);
    },
  );

  it('in loopback mode, lets this machine in whatever it sends, and refuses any other with 403', () => {
    const access = new ScrapeAccess({ mode: 'loopback' });
    expect(() => access.check({ ip: '127.0.0.1', authorization: undefined })).not.toThrow();
    expect(() => access.check({ ip: '203.0.113.9', authorization: undefined })).toThrow(ForbiddenError);
    // The metrics token means nothing here, nor does a member's login.
    expect(() => access.check({ ip: '203.0.113.9', authorization: `Bearer ${TOKEN}` })).toThrow(ForbiddenError);
  });

  it('in token mode, wants exactly the token as a bearer token, from anywhere, and refuses with 401', () => {
    const access = new ScrapeAccess({ mode: 'token', token: TOKEN });
    expect(() => access.check({ ip: '203.0.113.9', authorization: `Bearer ${TOKEN}` })).not.toThrow();
    expect(() => access.check({ ip: '203.0.113.9', authorization: `bearer ${TOKEN}` })).not.toThrow();
    for (const authorization of [
      undefined,
      '',
      TOKEN,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}`,
      `Bearer ${TOKEN} ${TOKEN}`,
    ]) {
      expect(() => access.check({ ip: '127.0.0.1', authorization }), String(authorization)).toThrow(
        UnauthenticatedError,
      );
    }
  });
});
