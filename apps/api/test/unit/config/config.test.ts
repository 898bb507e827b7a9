import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';

const tempDir = () => mkdtemp(path.join(tmpdir(), 'hostbay-config-'));

describe('loadConfig', () => {
  it('applies the documented defaults', async () => {
    const dataDir = await tempDir();
    const config = await loadConfig({ HOSTBAY_DATA_DIR: dataDir });
    expect(config.server).toMatchObject({ port: 8080, baseDomain: 'localhost', dataDir, corsOrigins: undefined });
    expect(config.database.url).toBe(`sqlite:${path.join(dataDir, 'hostbay.db')}`);
    expect(config.auth.tokenTtlSeconds).toBe(12 * 3600);
    expect(config.auth.limits).toEqual({
      loginPerIp: { points: 30, seconds: 300 },
      loginPerAccountAndIp: { points: 10, seconds: 900 },
      loginPerAccount: { points: 50, seconds: 3600 },
      loginLockout: { firstSeconds: 900, maxSeconds: 86400 },
      registerPerIp: { points: 50, seconds: 3600 },
      registerFailuresPerIp: { points: 30, seconds: 3600 },
      registerPerAccount: { points: 5, seconds: 3600 },
      hashesPerIp: 4,
    });
  });

  it('generates a 256-bit JWT secret once, keeps it with mode 0600, and reuses it', async () => {
    const dataDir = await tempDir();
    const [first, second] = await Promise.all([
      loadConfig({ HOSTBAY_DATA_DIR: dataDir }),
      loadConfig({ HOSTBAY_DATA_DIR: dataDir }),
    ]);
    expect(first.auth.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
    const file = path.join(dataDir, 'jwt-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.auth.jwtSecret);
    expect((await loadConfig({ HOSTBAY_DATA_DIR: dataDir })).auth.jwtSecret).toBe(first.auth.jwtSecret);
  });

  it('uses a given secret and PostgreSQL URL', async () => {
    const config = await loadConfig({
      HOSTBAY_DATA_DIR: await tempDir(),
      HOSTBAY_JWT_SECRET: 's'.repeat(40),
      HOSTBAY_DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      HOSTBAY_TOKEN_TTL: '90m',
      HOSTBAY_BASE_DOMAIN: 'Hosting.Example.ORG',
    });
    expect(config.auth.jwtSecret).toBe('s'.repeat(40));
    expect(config.database.url).toBe('postgres://u@127.0.0.1:5432/db');
    expect(config.auth.tokenTtlSeconds).toBe(5400);
    expect(config.server.baseDomain).toBe('hosting.example.org');
  });

  it.each([
    ['HOSTBAY_PORT', 'abc', 'HOSTBAY_PORT: expected an integer from 1 to 65535 (got "abc")'],
    ['HOSTBAY_PORT', '70000', 'HOSTBAY_PORT: expected an integer from 1 to 65535 (got "70000")'],
    ['HOSTBAY_DATABASE_URL', 'mysql://x', 'HOSTBAY_DATABASE_URL: expected sqlite:<file> or postgres://'],
    ['HOSTBAY_JWT_SECRET', 'short', 'HOSTBAY_JWT_SECRET: expected at least 32 characters'],
    ['HOSTBAY_BASE_DOMAIN', 'bad domain;', 'HOSTBAY_BASE_DOMAIN: expected a DNS name'],
    ['HOSTBAY_TOKEN_TTL', 'forever', 'HOSTBAY_TOKEN_TTL: expected a duration'],
    ['HOSTBAY_LOGIN_LIMIT_PER_IP', '10 per minute', 'HOSTBAY_LOGIN_LIMIT_PER_IP: expected COUNT/DURATION'],
    ['HOSTBAY_CORS_ORIGINS', 'not a url', 'HOSTBAY_CORS_ORIGINS: expected a comma-separated list of origins'],
    ['HOSTBAY_LOG_LEVEL', 'loud', 'HOSTBAY_LOG_LEVEL: expected one of fatal, error'],
    ['HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP', '10', 'HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP: expected COUNT/DURATION'],
    ['HOSTBAY_LOGIN_LOCKOUT', '8d', 'HOSTBAY_LOGIN_LOCKOUT: expected a duration'],
    ['HOSTBAY_LOGIN_LOCKOUT_MAX', '10m', 'HOSTBAY_LOGIN_LOCKOUT_MAX: expected at least HOSTBAY_LOGIN_LOCKOUT (900s)'],
    ['HOSTBAY_HASHES_PER_IP', '0', 'HOSTBAY_HASHES_PER_IP: expected an integer from 1 to 1000'],
    ['HOSTBAY_SIGNUP', 'invite-only', 'HOSTBAY_SIGNUP: expected one of open, domains, invite, approval, closed'],
    ['HOSTBAY_SIGNUP_EMAIL_DOMAINS', 'school.example,not a domain', 'HOSTBAY_SIGNUP_EMAIL_DOMAINS: expected'],
  ])('refuses %s=%j with one line naming the variable', async (variable, value, message) => {
    const attempt = loadConfig({ HOSTBAY_DATA_DIR: await tempDir(), [variable]: value });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(message);
    const error = await attempt.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).not.toContain('\n');
  });

  it('reads who may join: open by default, domains in lower case, and domains mode needs some', async () => {
    const dataDir = await tempDir();
    expect((await loadConfig({ HOSTBAY_DATA_DIR: dataDir })).operators.signup).toEqual({
      mode: 'open',
      emailDomains: [],
    });
    const domains = await loadConfig({
      HOSTBAY_DATA_DIR: dataDir,
      HOSTBAY_SIGNUP: 'domains',
      HOSTBAY_SIGNUP_EMAIL_DOMAINS: ' School.Example , @staff.example,school.example',
    });
    expect(domains.operators.signup).toEqual({ mode: 'domains', emailDomains: ['school.example', 'staff.example'] });
    await expect(loadConfig({ HOSTBAY_DATA_DIR: dataDir, HOSTBAY_SIGNUP: 'domains' })).rejects.toThrow(
      'HOSTBAY_SIGNUP_EMAIL_DOMAINS: expected comma-separated email domains',
    );
  });

  it('treats an empty variable as unset', async () => {
    const config = await loadConfig({ HOSTBAY_DATA_DIR: await tempDir(), HOSTBAY_PORT: '' });
    expect(config.server.port).toBe(8080);
  });
});
