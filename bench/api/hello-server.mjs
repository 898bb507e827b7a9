#!/usr/bin/env node
// The baseline for bench/api/run.mjs: a bare Fastify 5 hello-world, no plugins, no logger.
//
//   node bench/api/hello-server.mjs <port>
//
// Listens on 127.0.0.1 only, prints "listening" once ready, and stops on SIGTERM/SIGINT.
import { fastify } from 'fastify';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node bench/api/hello-server.mjs <port>');
  process.exit(2);
}

const app = fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}

await app.listen({ port, host: '127.0.0.1' });
console.log('listening');
