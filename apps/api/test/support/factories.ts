import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { UserRecord } from '../../src/modules/users/user.repository.js';

export interface AccountInput {
  email: string;
  username: string;
  password: string;
}

let counter = 0;

/** A valid, unique account; pass overrides to make it invalid in one way. */
export function accountInput(overrides: Partial<AccountInput> = {}): AccountInput {
  counter += 1;
  const suffix = `${randomBytes(3).toString('hex')}${counter}`;
  return {
    email: `user${suffix}@example.org`,
    username: `user${suffix}`,
    password: 'correct horse battery',
    ...overrides,
  };
}

export async function register(app: FastifyInstance, account: AccountInput & { invite?: string }) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: account });
}

/** A JSON login; `remoteAddress` is the client address the API sees (127.0.0.1 unless given). */
export async function login(app: FastifyInstance, email: string, password: string, remoteAddress?: string) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password } });
}

/** Registers and logs in; returns the account and its bearer token. */
export async function signedUpUser(app: FastifyInstance, overrides: Partial<AccountInput> = {}) {
  const account = accountInput(overrides);
  const created = await register(app, account);
  if (created.statusCode !== 201) throw new Error(`register failed: ${created.body}`);
  const session = await login(app, account.email, account.password);
  const token: string = session.json().data.access_token;
  return { account, token, userId: created.json().data.id as string };
}

/** A user as the repository returns one, for the tiers that never touch a database. */
export function userRecord(overrides: Partial<UserRecord> & Pick<UserRecord, 'id' | 'username'>): UserRecord {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    email: `${overrides.username}@example.org`,
    passwordHash: 'not used here',
    isAdmin: false,
    status: 'active',
    statusReason: null,
    tokenVersion: 0,
    planId: null,
    deletionRequestedAt: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
