import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePorts } from '../integration/edge/edge-helpers.js';

const execFileAsync = promisify(execFile);

/**
 * A real ACME server (Pebble) and a real authoritative DNS server (knot) taking
 * TSIG-signed RFC 2136 updates, both on loopback ports, for integration tests.
 * Pebble resolves every name (HTTP-01 targets, DNS-01 TXT records) through the
 * lab's DNS, so a test decides where validation goes by editing its zones.
 */
export interface AcmeLab {
  /** https://127.0.0.1:<port>/dir */
  directoryUrl: string;
  /** PEM file of the CA that signed Pebble's own HTTPS certificate (give it to the ACME client to trust). */
  directoryCaFile: string;
  /**
   * Pebble's issuing root, PEM, from its management API (/roots/0). Pebble makes a new root on every
   * start, so this is the only trust anchor for the chains it issues. Intermediates are not included:
   * Pebble sends them with every certificate.
   */
  issuingRootPem(): Promise<string>;
  /** The DNS server: host 127.0.0.1, port N (UDP+TCP). Pebble resolves every name through it. */
  dns: { host: string; port: number };
  /** TSIG key allowed to update every zone: algorithm 'hmac-sha256', name, base64 secret. */
  tsig: { algorithm: string; name: string; secret: string };
  /** Sets (replaces) the A record of a name in one of the lab's zones (`*.zone` allowed). */
  setA(name: string, address: string): Promise<void>;
  removeA(name: string): Promise<void>;
  /**
   * Adds one TXT value to a name, keeping the others: a DNS-01 order for `*.zone` and `zone`
   * puts two different values on the same `_acme-challenge.zone`, concurrently.
   */
  addTxt(name: string, value: string): Promise<void>;
  /** Removes one TXT value of a name, or all of them when `value` is left out. */
  removeTxt(name: string, value?: string): Promise<void>;
  /** TXT values currently served for a name (each value's strings joined), [] when there are none. */
  txt(name: string): Promise<string[]>;
  /** Stops both servers and removes the temp folder; safe to call twice. */
  stop(): Promise<void>;
}

export interface AcmeLabOptions {
  /** Zones the DNS serves, e.g. ['hostbay.test', 'member-domains.test']; each starts with SOA+NS and nothing else. */
  zones: string[];
  /** The port Pebble's HTTP-01 validator connects to (the port Hostbay's edge listens on for HTTP). */
  httpPort: number;
  /** Lifetime of issued certificates (Pebble's `certificateValidityPeriod`); Pebble's default is 5 years. */
  certificateValidityPeriodSeconds?: number;
}

const STARTUP_TIMEOUT_MS = 20_000;
const TSIG_ALGORITHM = 'hmac-sha256';
const TSIG_NAME = 'acme-lab';
const RECORD_TTL = 60;

// Lower-case host names with optional `_labels` (for _acme-challenge) and an optional leading `*.`:
// these strings go into nsupdate's command text and knot's config, so nothing else may pass.
const LABEL = '(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)';
const NAME_RE = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*$`);
const ZONE_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);
const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
// ACME DNS-01 values are base64url digests; allow a little more, but never quotes, spaces or backslashes.
const TXT_RE = /^[A-Za-z0-9_+/=.:-]{1,255}$/;

export async function startAcmeLab(options: AcmeLabOptions): Promise<AcmeLab> {
  const zones = options.zones.map((zone) => zone.toLowerCase());
  if (zones.length === 0) throw new Error('acme-lab: at least one zone is needed');
  for (const zone of zones) if (!ZONE_RE.test(zone)) throw new Error(`acme-lab: bad zone name ${JSON.stringify(zone)}`);
  if (!Number.isInteger(options.httpPort) || options.httpPort < 1 || options.httpPort > 65_535) {
    throw new Error(`acme-lab: bad httpPort ${options.httpPort}`);
  }
  const validity = options.certificateValidityPeriodSeconds;
  if (validity !== undefined && (!Number.isInteger(validity) || validity < 1)) {
    throw new Error(`acme-lab: bad certificateValidityPeriodSeconds ${validity}`);
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'acme-lab-'));
  const processes: Daemon[] = [];
  const cleanUp = async (): Promise<void> => {
    await Promise.all(processes.map((daemon) => daemon.stop()));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const [dnsPort, acmePort, managementPort, tlsPort] = (await freePorts(4)) as [number, number, number, number];
    const tsig = { algorithm: TSIG_ALGORITHM, name: TSIG_NAME, secret: randomBytes(32).toString('base64') };

    // The certificates do not depend on knot: make them while it starts.
    const [, certificates] = await Promise.all([
      startKnot(dir, zones, dnsPort, tsig, processes),
      makeCertificates(dir),
    ]);

    const pebble = await startPebble(dir, {
      acmePort,
      managementPort,
      tlsPort,
      dnsPort,
      httpPort: options.httpPort,
      validity,
      certificates,
      processes,
    });
    const caPem = await readFile(certificates.caFile, 'utf8');

    const runUpdate = (zone: string, commands: string[]): Promise<void> => nsupdate(dnsPort, tsig, zone, commands, dir);
    let rootPem: Promise<string> | undefined;
    let stopped: Promise<void> | undefined;

    return {
      directoryUrl: pebble.directoryUrl,
      directoryCaFile: certificates.caFile,
      issuingRootPem: () => {
        rootPem ??= httpsGet(`https://127.0.0.1:${managementPort}/roots/0`, caPem).then((answer) => {
          if (answer.status !== 200) throw new Error(`acme-lab: /roots/0 answered ${answer.status}`);
          return answer.body;
        });
        return rootPem;
      },
      dns: { host: '127.0.0.1', port: dnsPort },
      tsig,
      async setA(name, address) {
        const fqdn = checkName(name, zones);
        if (!IPV4_RE.test(address)) throw new Error(`acme-lab: bad IPv4 address ${JSON.stringify(address)}`);
        await runUpdate(zoneOf(fqdn, zones), [
          `update delete ${fqdn}. A`,
          `update add ${fqdn}. ${RECORD_TTL} A ${address}`,
        ]);
      },
      async removeA(name) {
        const fqdn = checkName(name, zones);
        await runUpdate(zoneOf(fqdn, zones), [`update delete ${fqdn}. A`]);
      },
      async addTxt(name, value) {
        const fqdn = checkName(name, zones);
        if (!TXT_RE.test(value)) throw new Error(`acme-lab: bad TXT value ${JSON.stringify(value)}`);
        await runUpdate(zoneOf(fqdn, zones), [`update add ${fqdn}. ${RECORD_TTL} TXT "${value}"`]);
      },
      async removeTxt(name, value) {
        const fqdn = checkName(name, zones);
        if (value !== undefined && !TXT_RE.test(value)) {
          throw new Error(`acme-lab: bad TXT value ${JSON.stringify(value)}`);
        }
        const rdata = value === undefined ? '' : ` "${value}"`;
        await runUpdate(zoneOf(fqdn, zones), [`update delete ${fqdn}. TXT${rdata}`]);
      },
      async txt(name) {
        const fqdn = checkName(name, zones);
        try {
          const records = await resolverFor(dnsPort).resolveTxt(fqdn);
          return records.map((chunks) => chunks.join(''));
        } catch (error) {
          // NXDOMAIN (no such name) and NODATA (name without TXT) both mean "no values".
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
          throw error;
        }
      },
      stop() {
        stopped ??= cleanUp();
        return stopped;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function checkName(name: string, zones: readonly string[]): string {
  const fqdn = name.toLowerCase().replace(/\.$/, '');
  if (!NAME_RE.test(fqdn)) throw new Error(`acme-lab: bad name ${JSON.stringify(name)}`);
  zoneOf(fqdn, zones);
  return fqdn;
}

/** The lab zone a name belongs to: the longest one that is the name or a suffix of it. */
function zoneOf(fqdn: string, zones: readonly string[]): string {
  const matches = zones.filter((zone) => fqdn === zone || fqdn.endsWith(`.${zone}`));
  const zone = matches.sort((a, b) => b.length - a.length)[0];
  if (!zone) throw new Error(`acme-lab: ${fqdn} is in none of the lab's zones (${zones.join(', ')})`);
  return zone;
}

function resolverFor(port: number): Resolver {
  // A resolver of its own, pointed at the lab only: the process-wide one must not change, and
  // nothing may leave loopback.
  const resolver = new Resolver({ timeout: 1000, tries: 2 });
  resolver.setServers([`127.0.0.1:${port}`]);
  return resolver;
}

/** A child process with its recent output, for error messages. */
class Daemon {
  readonly #child: ChildProcess;
  #output = '';
  #exited: Promise<void>;
  exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    program: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.#child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      // The tail is what explains a failure; a long test must not grow this without bound.
      this.#output = (this.#output + chunk.toString('utf8')).slice(-8_000);
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    this.#exited = new Promise((resolve) => {
      this.#child.once('error', (error) => {
        keep(Buffer.from(`\n${String(error)}\n`));
        this.exitCode ??= null;
        resolve();
      });
      this.#child.once('exit', (code, signal) => {
        this.exitCode = code ?? null;
        if (signal) keep(Buffer.from(`\n(killed by ${signal})\n`));
        resolve();
      });
    });
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  get output(): string {
    return this.#output;
  }

  /** Polls `ready` until it is true; fails with the program's output if it exits or takes too long. */
  async waitUntil(what: string, ready: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (;;) {
      if (!this.running) {
        throw new Error(
          `acme-lab: ${this.name} exited (code ${this.exitCode}) before it could ${what}:\n${this.output}`,
        );
      }
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `acme-lab: ${this.name} did not ${what} within ${STARTUP_TIMEOUT_MS / 1000} s:\n${this.output}`,
        );
      }
      await sleep(100);
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.#child.kill('SIGTERM');
    const killed = await Promise.race([this.#exited.then(() => true), sleep(5_000, false)]);
    if (!killed) {
      this.#child.kill('SIGKILL');
      await this.#exited;
    }
  }
}

async function startKnot(
  dir: string,
  zones: readonly string[],
  port: number,
  tsig: { algorithm: string; name: string; secret: string },
  processes: Daemon[],
): Promise<void> {
  const knotDir = path.join(dir, 'knot');
  const zonesDir = path.join(knotDir, 'zones');
  await mkdir(path.join(knotDir, 'run'), { recursive: true });
  await mkdir(path.join(knotDir, 'storage'), { recursive: true });
  await mkdir(zonesDir, { recursive: true });
  for (const zone of zones) {
    // NS is `localhost.`: a name outside the zone needs no glue, so the zone holds SOA and NS only.
    const zoneFile = [
      `$ORIGIN ${zone}.`,
      `$TTL ${RECORD_TTL}`,
      `@ SOA localhost. hostmaster.${zone}. 1 3600 600 86400 1`,
      '@ NS localhost.',
      '',
    ].join('\n');
    await writeFile(path.join(zonesDir, `${zone}.zone`), zoneFile);
  }
  // Updates live in memory only: no journal and no zone file sync, since the lab is thrown away.
  // The default `user` (root:root) is harmless: knot changes user only when it can.
  const config = `server:
    rundir: "${path.join(knotDir, 'run')}"
    listen: 127.0.0.1@${port}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1

log:
  - target: stderr
    any: info

database:
    storage: "${path.join(knotDir, 'storage')}"

key:
  - id: ${tsig.name}
    algorithm: ${tsig.algorithm}
    secret: ${tsig.secret}

acl:
  - id: lab-update
    key: ${tsig.name}
    action: update

template:
  - id: default
    storage: "${zonesDir}"
    file: "%s.zone"
    zonefile-sync: -1
    journal-content: none
    acl: lab-update

zone:
${zones.map((zone) => `  - domain: ${zone}`).join('\n')}
`;
  const configFile = path.join(knotDir, 'knot.conf');
  await writeFile(configFile, config);

  const knot = new Daemon('knotd', 'knotd', ['-c', configFile], minimalEnv());
  processes.push(knot);
  const resolver = resolverFor(port);
  await knot.waitUntil('answer SOA queries for every zone', async () => {
    for (const zone of zones) await resolver.resolveSoa(zone);
    return true;
  });
}

interface Certificates {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A throwaway CA and a certificate for 127.0.0.1/localhost signed by it, for Pebble's own HTTPS. */
async function makeCertificates(dir: string): Promise<Certificates> {
  const certDir = path.join(dir, 'certs');
  await mkdir(certDir);
  const files = {
    caFile: path.join(certDir, 'ca.pem'),
    caKey: path.join(certDir, 'ca.key'),
    certFile: path.join(certDir, 'pebble.pem'),
    keyFile: path.join(certDir, 'pebble.key'),
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'];
  await execFileAsync('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    files.caKey,
    '-out',
    files.caFile,
    '-subj',
    '/CN=acme-lab CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await execFileAsync('openssl', [
    'req',
    '-x509',
    ...ec,
    '-CA',
    files.caFile,
    '-CAkey',
    files.caKey,
    '-keyout',
    files.keyFile,
    '-out',
    files.certFile,
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'keyUsage=critical,digitalSignature',
    '-addext',
    'extendedKeyUsage=serverAuth',
  ]);
  return { caFile: files.caFile, certFile: files.certFile, keyFile: files.keyFile };
}

async function startPebble(
  dir: string,
  settings: {
    acmePort: number;
    managementPort: number;
    tlsPort: number;
    dnsPort: number;
    httpPort: number;
    validity: number | undefined;
    certificates: Certificates;
    processes: Daemon[];
  },
): Promise<{ directoryUrl: string }> {
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${settings.acmePort}`,
      managementListenAddress: `127.0.0.1:${settings.managementPort}`,
      certificate: settings.certificates.certFile,
      privateKey: settings.certificates.keyFile,
      httpPort: settings.httpPort,
      // Only for TLS-ALPN-01, which the lab does not serve: a free port, so a stray attempt fails fast.
      tlsPort: settings.tlsPort,
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
      ...(settings.validity === undefined ? {} : { certificateValidityPeriod: settings.validity }),
    },
  };
  const configFile = path.join(dir, 'pebble.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));

  const env = {
    ...minimalEnv(),
    // No random 0-15 s sleep before each validation.
    PEBBLE_VA_NOSLEEP: '1',
    // No random badNonce rejections (5% by default).
    PEBBLE_WFE_NONCEREJECT: '0',
    // Never reuse a valid authorization (50% by default): every order really validates.
    PEBBLE_AUTHZREUSE: '0',
  };
  const pebble = new Daemon(
    'pebble',
    'pebble',
    ['-config', configFile, '-dnsserver', `127.0.0.1:${settings.dnsPort}`],
    env,
  );
  settings.processes.push(pebble);

  const directoryUrl = `https://127.0.0.1:${settings.acmePort}/dir`;
  const caPem = await readFile(settings.certificates.caFile, 'utf8');
  await pebble.waitUntil('serve its directory', async () => (await httpsGet(directoryUrl, caPem)).status === 200);
  return { directoryUrl };
}

/**
 * PATH only: no proxy variables (Go's and nsupdate's clients would honour them and leave
 * loopback), no locale surprises.
 */
function minimalEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' };
}

function httpsGet(url: string, caPem: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca: caPem, agent: false, timeout: 2_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('timeout', () => request.destroy(new Error(`timeout on ${url}`)));
    request.on('error', reject);
  });
}

/** One nsupdate run: the commands for one zone, signed with the lab's TSIG key, sent to the lab's server only. */
async function nsupdate(
  port: number,
  tsig: { algorithm: string; name: string; secret: string },
  zone: string,
  commands: string[],
  cwd: string,
): Promise<void> {
  const script = [`server 127.0.0.1 ${port}`, `zone ${zone}.`, ...commands, 'send', ''].join('\n');
  // -t: give up after 5 s rather than nsupdate's 300 s default.
  const child = spawn('nsupdate', ['-t', '5', '-y', `${tsig.algorithm}:${tsig.name}:${tsig.secret}`], {
    cwd,
    env: minimalEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  child.stdin.end(script);
  const code = await exit;
  if (code !== 0) throw new Error(`acme-lab: nsupdate exited ${code}:\n${output}\nscript:\n${script}`);
}
