#!/usr/bin/env node
// What each layer of an authenticated JSON route costs on bare Fastify 5, for reading the
// `/me` target of bench/api/run.mjs: every layer of bench/api/layers-server.mjs in turn, pinned
// like run.mjs's throughput part (server on core 0, autocannon in this process on core 1),
// alternating rounds. Prints req/s, the server's CPU per request and req/s as a share of layer 0.
//
//   node bench/api/layers.mjs [--duration 5] [--rounds 2] [--connections 50] [--json FILE]
//
// Talks to 127.0.0.1 only; every server it starts is stopped however it ends.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { cannon } from './load.mjs';
import { cleanUp, freePort, pinSelf, startNode, stopChild, waitForHttp } from './processes.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    json: { type: 'string' },
  },
});
const duration = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const LAYERS = [
  'hello-world (bench/api/run.mjs baseline)',
  '+ logger (pino, level warn)',
  '+ request id in a header',
  '+ API security headers',
  '+ zod-checked envelope with a user',
  '+ user read from SQLite (better-sqlite3)',
  '+ that read through Kysely instead',
];

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanUp().then(() => process.exit(130)));
pinSelf('1');

async function measure(layer) {
  const port = await freePort();
  const child = startNode(`layer ${layer}`, ['bench/api/layers-server.mjs', String(layer), String(port)], {
    cpus: '0',
  });
  try {
    await waitForHttp(child, port);
    const server = { child, base: `http://127.0.0.1:${port}` };
    await cannon(server, '/', {}, 1, connections); // warm-up
    const r = await cannon(server, '/', {}, duration, connections);
    if (r.bad > 0) throw new Error(`layer ${layer}: ${r.bad} failed requests`);
    return { rps: r.ok / r.seconds, cpuPerRequestUs: (r.cpu.serverSeconds / r.ok) * 1e6, others: r.cpu.others };
  } finally {
    await stopChild(child);
  }
}

try {
  const samples = LAYERS.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (let layer = 0; layer < LAYERS.length; layer += 1) samples[layer].push(await measure(layer));
  }
  const mean = (xs, key) => xs.reduce((sum, x) => sum + x[key], 0) / xs.length;
  const rows = LAYERS.map((name, layer) => ({
    layer,
    name,
    rps: mean(samples[layer], 'rps'),
    cpuPerRequestUs: mean(samples[layer], 'cpuPerRequestUs'),
    others: mean(samples[layer], 'others'),
  }));
  console.log(
    `\nRun ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores, ${rounds} x ${duration} s per layer\n`,
  );
  console.log('| layer | req/s | share of hello-world | server CPU per request | CPU of other programs (cores) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const share = ((100 * row.rps) / rows[0].rps).toFixed(0);
    console.log(
      `| ${row.layer} ${row.name} | ${row.rps.toFixed(0)} | ${share} % | ${row.cpuPerRequestUs.toFixed(1)} µs | ${row.others.toFixed(2)} |`,
    );
  }
  if (args.json) await writeFile(args.json, JSON.stringify(rows, null, 2));
} finally {
  await cleanUp();
}
