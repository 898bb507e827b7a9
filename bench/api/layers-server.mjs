#!/usr/bin/env node
// A Fastify 5 server built up one layer at a time, for bench/api/layers.mjs: what each thing an
// authenticated JSON route must do costs per request, measured on the bare framework, without
// Hostbay's code. Layer n includes every layer below it.
//
//   node bench/api/layers-server.mjs <layer 0-6> <port>
//
// 0 hello-world (no plugins, no logger): the baseline of bench/api/run.mjs
// 1 + a logger (pino at level warn: per-request child loggers, nothing written)
// 2 + a request id (randomUUID) echoed in an x-request-id header
// 3 + security headers for a JSON API (helmet's output for Hostbay's API policy, set from a constant)
// 4 + a zod-checked envelope {success, message, data: user, error} as the response (fastify-type-provider-zod)
// 5 + the user read from SQLite by primary key (better-sqlite3, one prepared statement)
// 6 + that read through Kysely (a compiled query executed by its SQLite driver) instead
//
// Listens on 127.0.0.1 only, prints "listening" once ready, and stops on SIGTERM/SIGINT.
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { fastify } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { z } from 'zod';

const layer = Number(process.argv[2]);
const port = Number(process.argv[3]);
if (!Number.isInteger(layer) || layer < 0 || layer > 6 || !Number.isInteger(port)) {
  console.error('usage: node bench/api/layers-server.mjs <layer 0-6> <port>');
  process.exit(2);
}

const app = fastify({
  logger: layer >= 1 ? { level: 'warn' } : false,
  ...(layer >= 2 ? { genReqId: () => randomUUID(), requestIdHeader: false } : {}),
});

// What apps/api/src/http/security-headers.ts sends on API answers (helmet's output for that policy).
const apiHeaders = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
if (layer >= 2) {
  app.addHook('onRequest', (request, reply, done) => {
    if (layer >= 3) reply.headers(apiHeaders);
    reply.header('x-request-id', request.id);
    done();
  });
}

const ID = '3f8e0d0e-0000-4000-8000-000000000001';
const sqlite = new SQLite(':memory:');
sqlite.exec(
  'create table users (id text primary key, email text, username text, password_hash text, is_admin integer, created_at text, updated_at text)',
);
sqlite
  .prepare('insert into users values (?, ?, ?, ?, 0, ?, ?)')
  .run(
    ID,
    'alice@example.com',
    'alice',
    '$2b$12$'.padEnd(60, 'x'),
    '2026-11-24T00:00:00.000Z',
    '2026-11-24T00:00:00.000Z',
  );
const byId = sqlite.prepare('select * from users where id = ?');
const db = new Kysely({
  dialect: new SqliteDialect({ database: { prepare: () => byId, close: () => sqlite.close() } }),
});
const byIdQuery = CompiledQuery.raw('select * from users where id = ?', [ID]);

const User = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  is_admin: z.boolean(),
  created_at: z.string(),
});
const Envelope = z.object({ success: z.boolean(), message: z.string(), data: User, error: z.null() });
if (layer >= 4) {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
}

const fixed = {
  id: ID,
  email: 'alice@example.com',
  username: 'alice',
  is_admin: 0,
  created_at: '2026-11-24T00:00:00.000Z',
};
app.get('/', layer >= 4 ? { schema: { response: { 200: Envelope } } } : {}, async () => {
  if (layer < 4) return { hello: 'world' };
  let row = fixed;
  if (layer === 5) row = byId.get(ID);
  if (layer === 6) row = (await db.executeQuery(byIdQuery)).rows[0];
  const data = {
    id: row.id,
    email: row.email,
    username: row.username,
    is_admin: Boolean(row.is_admin),
    created_at: row.created_at,
  };
  return { success: true, message: 'OK', data, error: null };
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}

await app.listen({ port, host: '127.0.0.1' });
console.log('listening');
