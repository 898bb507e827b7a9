import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { composeHostbay, type Hostbay } from '../../../src/composition/compose-hostbay.js';
import { loadConfig, type Config } from '../../../src/config/config.js';
import { BcryptPasswordHasher } from '../../../src/modules/auth/password-hasher.js';
import type { DatabaseKind, TestDatabase } from '../../support/databases.js';
import { signedUpUser } from '../../support/factories.js';
import { httpClient, type HttpClient } from './http-client.js';

export interface ContractServer {
  hostbay: Hostbay;
  config: Config;
  http: HttpClient;
  /** `Authorization` values: a few valid ones (users with and without a hosting) and every kind of bad one. */
  authorizations: { valid: string[]; invalid: string[] };
  close(): Promise<void>;
}

/**
 * The whole API over real HTTP on a loopback port: a real database, real
 * bcrypt (at cost 4, so that thousands of logins take seconds), real tokens,
 * and the hosting lifecycle composed for real but not started: its routes and
 * service answer from the database, and no job runs, so nothing reaches
 * libvirt or nginx (the edge is off). Created hostings stay CREATING.
 */
export async function startContractServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<ContractServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hostbay-contract-'));
  const database: TestDatabase = await kind.create();
  const config = await loadConfig({
    HOSTBAY_DATA_DIR: dataDir,
    HOSTBAY_DATABASE_URL: database.url,
    HOSTBAY_EDGE: 'off',
    HOSTBAY_LIBVIRT_URI: 'test:///default',
    HOSTBAY_LOGIN_LIMIT_PER_IP: '100000/1m',
    HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: '100000/1m',
    HOSTBAY_REGISTER_LIMIT_PER_IP: '100000/1m',
    HOSTBAY_REGISTER_FAILURE_LIMIT_PER_IP: '100000/1m',
    HOSTBAY_REGISTER_LIMIT_PER_ACCOUNT: '100000/1m',
    HOSTBAY_BACKUP_SCHEDULE: 'off',
    ...env,
  });
  const hostbay = await composeHostbay(config, {
    logger: false,
    webDistDir: path.join(dataDir, 'no-dashboard'),
    passwords: new BcryptPasswordHasher(4),
    hosting: {
      // Only recorded with the hosting: no job runs to read it.
      baseImages: {
        resolve: async () => ({
          disk: path.join(dataDir, 'base.qcow2'),
          kernel: path.join(dataDir, 'vmlinuz'),
          initrd: path.join(dataDir, 'initrd.img'),
          cmdline: 'root=/dev/vda',
          installsWebServer: false,
        }),
      },
    },
  });
  await hostbay.app.listen({ host: '127.0.0.1', port: 0 });
  const address = hostbay.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the API listens on no TCP port');
  const http = httpClient(address.port);

  const bearer = (token: string) => `Bearer ${token}`;
  const withoutHosting = await signedUpUser(hostbay.app);
  const withHosting = await signedUpUser(hostbay.app);
  // With HOSTBAY_SIGNUP=approval (`env`), new accounts wait; this one must be able to create.
  await hostbay.users.activatePending(withHosting.userId);
  const created = await http.send({
    method: 'POST',
    path: '/api/v1/hosting',
    headers: { authorization: bearer(withHosting.token) },
  });
  if (created.status !== 202) throw new Error(`creating a hosting failed: ${created.status} ${created.text}`);
  const deleted = await signedUpUser(hostbay.app);
  await hostbay.users.delete(deleted.userId);

  const sign = (claims: { sub: string; exp: number }, secret = config.auth.jwtSecret) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(config.auth.issuer)
      .setAudience(config.auth.audience)
      .setIssuedAt(claims.exp - 600)
      .setExpirationTime(claims.exp)
      .sign(new TextEncoder().encode(secret));
  const now = Math.floor(Date.now() / 1000);
  const [header, payload] = withoutHosting.token.split('.');

  return {
    hostbay,
    config,
    http,
    authorizations: {
      valid: [bearer(withoutHosting.token), bearer(withHosting.token)],
      invalid: [
        bearer(deleted.token),
        bearer(await sign({ sub: withoutHosting.userId, exp: now - 60 })),
        bearer(await sign({ sub: withoutHosting.userId, exp: now + 600 }, 'another secret entirely')),
        bearer(await sign({ sub: 'not-a-uuid', exp: now + 600 })),
        bearer(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`),
        bearer(`${header}.${payload}`),
        'Bearer',
        'Bearer ',
        `Basic ${Buffer.from('a:b').toString('base64')}`,
        withoutHosting.token,
      ],
    },
    async close() {
      await http.close();
      // An event stream whose request carried a body larger than the socket buffer keeps its connection after
      // the client has gone, until its heartbeats fail (about 30 s; the stream listens for the request's close,
      // which the unread body delays). Not these tests' subject: it must not hold up their end.
      hostbay.app.server.closeAllConnections();
      await hostbay.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
