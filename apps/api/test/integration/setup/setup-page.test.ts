import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createImageHost } from '../../../src/adapters/image/image-host.js';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { openSetupPage, SETUP_STATUS_PATH, type SetupPage } from '../../../src/cli/setup-progress-server.js';
import type { ImageConfig } from '../../../src/config/image.js';
import { operatorText } from '../../../src/errors.js';
import { ensureBaseImage } from '../../../src/modules/image/base-image.js';
import { SilentBuildProgress } from '../../../src/modules/image/build-progress.js';
import type { Debootstrap, DebootstrapWatch } from '../../../src/modules/image/image.ports.js';
import { SetupProgress, type SetupStatus } from '../../../src/modules/setup/setup-progress.js';

/** A debootstrap that takes as long as the test wants: it prints what it is given and ends when told. */
function slowDebootstrap() {
  let watch: DebootstrapWatch | undefined;
  let fail: (error: Error) => void = () => undefined;
  let begun: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (begun = resolve));
  const debootstrap: Debootstrap = {
    install: (_request, given) =>
      new Promise<void>((_resolve, reject) => {
        watch = given;
        fail = reject;
        begun();
      }),
  };
  return {
    debootstrap,
    started,
    print: (...lines: string[]) => lines.forEach((line) => watch?.onLine(line)),
    fail: (message: string) => fail(new Error(message)),
  };
}

let page: SetupPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

describe('the set-up page during a real image build with a slow step', () => {
  it('follows the build through its parts and shows its failure in words', async () => {
    const imagesDir = path.join(await mkdtemp(path.join(tmpdir(), 'hostbay-setup-')), 'images');
    const config: ImageConfig = {
      imagesDir,
      mirror: 'http://deb.invalid/debian',
      suite: 'bookworm',
      extraPackages: [],
      cloudImage: undefined,
    };
    const slow = slowDebootstrap();
    const host = {
      ...createImageHost(new NodeProcessRunner()),
      probe: { head: async () => ({ status: 200 }) },
      debootstrap: slow.debootstrap,
    };
    const setup = new SetupProgress([
      { id: 'image', label: 'Building the guest image' },
      { id: 'start', label: 'Starting Hostbay' },
    ]);
    page = await openSetupPage(setup, { host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${page.port}`;
    setup.begin('image');
    const build = ensureBaseImage(config, host, { progress: setup.forBuild(new SilentBuildProgress()) });
    const outcome = build.catch((error: unknown) => error);

    await slow.started;
    slow.print('I: Retrieving InRelease', 'I: Retrieving libc6 2.36-9', 'I: Validating libc6 2.36-9');
    for (let i = 0; i < 300; i += 1) slow.print(`I: Unpacking package${i}...`);
    const res = await fetch(`${url}${SETUP_STATUS_PATH}`);
    expect(res.status).toBe(503);
    const status = ((await res.json()) as { error: { details: SetupStatus } }).error.details;
    expect(status.current?.part).toMatchObject({ id: 'debootstrap', number: 2, count: 7 });
    expect(status.current?.activity).toBe('unpacking package299');
    // Past the mirror check, well into debootstrap, and not yet done.
    expect(status.current?.fraction).toBeGreaterThan(0.1);
    expect(status.current?.fraction).toBeLessThan(0.9);
    const html = await (await fetch(url, { headers: { 'accept-language': 'en' } })).text();
    expect(html).toContain('Part 2 of 7: Installing Debian packages');
    expect(html).toContain('unpacking package299');

    slow.fail("debootstrap exited with 1: E: Couldn't download packages: nginx-light");
    const error = await outcome;
    expect(error).toBeInstanceOf(Error);
    // What `up` does with a failed step.
    setup.fail(operatorText(error as Error));
    const failed = await (await fetch(url)).text();
    expect(failed).toContain('The set-up stopped');
    expect(failed).toContain('download packages: nginx-light');
    const api = await fetch(`${url}/api/v1/auth/me`);
    expect(api.status).toBe(503);
    expect(((await api.json()) as { message: string }).message).toContain("Hostbay's set-up stopped");
  });
});
