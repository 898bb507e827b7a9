import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VmNotReadyError } from '../../../src/modules/vm/vm.errors.js';
import { waitForVmReady } from '../../../src/modules/vm/vm-ready.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function listen(server: net.Server): Promise<number> {
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const web = (status: number) => listen(http.createServer((_req, res) => res.writeHead(status).end('hello')));
const ssh = (banner: string) => listen(net.createServer((socket) => socket.end(banner)));

describe('waitForVmReady', () => {
  it('resolves when HTTP answers 200 and SSH sends its banner', async () => {
    const endpoints = {
      webHost: '127.0.0.1',
      webPort: await web(200),
      sshHost: '127.0.0.1',
      sshPort: await ssh('SSH-2.0-OpenSSH_9.2\r\n'),
    };
    await waitForVmReady(endpoints, { timeoutMs: 5000, intervalMs: 50 });
  });

  it('waits for a guest that comes up later', async () => {
    // The port exists but nothing answers yet, as with QEMU's forward before sshd starts.
    const server = net.createServer((socket) => socket.destroy());
    const sshPort = await listen(server);
    const endpoints = { webHost: '127.0.0.1', webPort: await web(200), sshHost: '127.0.0.1', sshPort };
    setTimeout(() => {
      server.removeAllListeners('connection');
      server.on('connection', (socket) => socket.end('SSH-2.0-late\r\n'));
    }, 300);
    await waitForVmReady(endpoints, { timeoutMs: 5000, intervalMs: 50 });
  });

  it('times out naming what is missing', async () => {
    const endpoints = {
      webHost: '127.0.0.1',
      webPort: await web(502),
      sshHost: '127.0.0.1',
      sshPort: await ssh('HTTP/1.1 400 Bad\r\n'),
    };
    const error = await waitForVmReady(endpoints, { timeoutMs: 600, intervalMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VmNotReadyError);
    expect((error as Error).message).toMatch(/answered 502/);
    expect((error as Error).message).toMatch(/unexpected banner/);
  });

  it('stops when aborted', async () => {
    const endpoints = {
      webHost: '127.0.0.1',
      webPort: await web(503),
      sshHost: '127.0.0.1',
      sshPort: await ssh('SSH-2.0-x\r\n'),
    };
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('hosting deleted')), 200);
    await expect(
      waitForVmReady(endpoints, { timeoutMs: 10_000, intervalMs: 50, signal: controller.signal }),
    ).rejects.toThrow('hosting deleted');
  });
});
