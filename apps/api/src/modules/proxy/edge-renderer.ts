import path from 'node:path';
import nunjucks from 'nunjucks';
import { HOSTBAY_ROOT } from '../../config/paths.js';
import { NO_EDGE_NAMES, type EdgeNames, type ProxyRoute } from './route.js';
import { PAYLOAD_TOO_LARGE_RESPONSE } from '@hostbay/contract/envelope';
import { HOSTNAME_PATTERN, IPV4_OR_CIDR_PATTERN, IPV4_PATTERN } from '@hostbay/contract/patterns';

/** Where the shipped nginx templates live (tests may point the renderer elsewhere). */
export const DEFAULT_NGINX_TEMPLATE_DIR = path.join(HOSTBAY_ROOT, 'apps/api/templates/nginx');

/** The Host under which the edge answers which config generation it serves (see http.conf.njk). */
export const EDGE_CONTROL_HOST = 'hostbay-edge.invalid';

/**
 * The largest body the edge passes to a member's site. Members upload files to their own
 * sites, and the body streams through without being held, so the edge's limit is generous
 * and the guest's own web server decides within it (Debian's nginx: 1 MB until raised).
 */
const SITE_BODY_LIMIT = '1g';
const SITE_TOO_LARGE_TEXT = 'The request body is larger than this address accepts (1 GB).\n';

/**
 * What the sites map gives a suspended member's host name instead of a backend. It can never be a
 * backend (those are IPv4:port), and the sites' server answers it with the suspended page.
 */
export const SUSPENDED_BACKEND = 'suspended';

/** Fixed facts of one edge: paths, listen addresses and tuning that do not change with routes. */
export interface EdgeLayout {
  /** The folder that holds this generation's files; generated includes point into it. */
  pidFile: string;
  lockFile: string;
  errorLog: string;
  tempDir: string;
  /** `user` directive for workers; only set when nginx starts as root. */
  user: string | undefined;
  workerProcesses: number | 'auto';
  workerShutdownTimeoutSeconds: number;
  streamModule: string | undefined;
  listen: { host: string; port: number };
  api: { host: string; port: number };
  /** The API's own body limit in bytes (HOSTBAY_BODY_LIMIT): the edge refuses larger bodies for it. */
  apiBodyLimit: number;
  /** Proxies in front of the edge whose X-Forwarded-For it believes (HOSTBAY_EDGE_REAL_IP_FROM). */
  realIpFrom: readonly string[];
  baseDomain: string;
  /** Where forwarded SSH ports listen, or undefined when SSH forwarding is off. */
  sshListenHost: string | undefined;
  /** The hard limit on open files nginx inherits; `worker_rlimit_nofile` cannot exceed it. */
  maxOpenFiles: number;
  /** HTTPS beside plain HTTP (HOSTBAY_TLS), or undefined when the edge speaks plain HTTP only. */
  tls: EdgeTlsLayout | undefined;
}

export interface EdgeTlsLayout {
  port: number;
  /** Where `<name>.pem` (chain and key) is each name's certificate; a name without a file has no HTTPS. */
  certificateDir: string;
  /** Where ACME HTTP-01 challenge files are (`<dir>/<token>`), served at /.well-known/acme-challenge/. */
  challengeDir: string;
  /** HSTS max-age for names with a certificate; 0 sends none. */
  hstsMaxAgeSeconds: number;
}

/** The files of one generation, by file name. */
export type RenderedEdge = Record<EdgeFileName, string>;
export type EdgeFileName = 'nginx.conf' | 'http.conf' | 'sites.map' | 'stream.conf';

export interface EdgeRenderer {
  render(
    layout: EdgeLayout,
    routes: readonly ProxyRoute[],
    generation: number,
    genDir: string,
    names?: EdgeNames,
  ): RenderedEdge;
}

/**
 * Renders the edge's nginx files from Nunjucks templates. Autoescaping is off:
 * it escapes for HTML, which is meaningless in nginx syntax. What keeps the
 * output safe is that every value is either Hostbay's own setting (checked
 * below) or a route that passed `ProxyRoute` (DNS label, IPv4, integer ports).
 */
export class NunjucksEdgeRenderer implements EdgeRenderer {
  private readonly env: nunjucks.Environment;

  constructor(templateDir: string = DEFAULT_NGINX_TEMPLATE_DIR) {
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templateDir, { noCache: false }), {
      autoescape: false,
      throwOnUndefined: true,
      trimBlocks: false,
    });
  }

  render(
    layout: EdgeLayout,
    routes: readonly ProxyRoute[],
    generation: number,
    genDir: string,
    names: EdgeNames = NO_EDGE_NAMES,
  ): RenderedEdge {
    assertLayoutIsSafe(layout, genDir);
    const sorted = [...routes].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
    const backendOf = (r: ProxyRoute) => (r.suspended ? SUSPENDED_BACKEND : `${r.webTarget.host}:${r.webTarget.port}`);
    const byUsername = new Map(sorted.map((r) => [r.username, r]));
    const sites = sorted.map((r) => ({ hostname: `${r.username}.${layout.baseDomain}`, backend: backendOf(r) }));
    // A member's own domain shares their site's backend (and its suspension); without a route it is not served.
    for (const alias of names.aliases) {
      const route = byUsername.get(alias.username);
      if (route) sites.push({ hostname: alias.domain, backend: backendOf(route) });
    }
    // One `name backend;` line per site, joined here rather than looped in the template: a Nunjucks
    // loop over 10,000 sites took 15 ms of every change (bench/edge), a join takes 2. The values are
    // a validated DNS name and IPv4:port (ProxyRoute) or SUSPENDED_BACKEND, so nothing in them can end the line early.
    const siteLines = sites.map((site) => `${site.hostname} ${site.backend};`).join('\n');
    const apiHosts = [...new Set([layout.baseDomain, 'localhost', '127.0.0.1'])];
    const longest = Math.max(0, ...sites.map((s) => s.hostname.length));
    // A suspended member's SSH port is not forwarded at all: it refuses connections (with `direct`, the stopped
    // VM's QEMU no longer listens there either).
    const sshForwards =
      layout.sshListenHost === undefined
        ? []
        : sorted
            .filter((r) => !r.suspended)
            .map((r) => ({
              listen: `${layout.sshListenHost}:${r.sshListenPort}`,
              target: `${r.sshTarget.host}:${r.sshTarget.port}`,
            }));
    const tls = layout.tls && {
      ...layout.tls,
      // The port goes into redirects only when it is not HTTPS's own.
      redirectPort: layout.tls.port === 443 ? '' : `:${layout.tls.port}`,
    };
    const context = {
      ...layout,
      tls,
      generation,
      genDir,
      siteLines,
      apiHosts,
      sshForwards,
      controlHost: EDGE_CONTROL_HOST,
      streamEnabled: layout.sshListenHost !== undefined,
      ...mapHashSizes(sites.length, longest),
      // Every listening socket (one per forwarded SSH port) takes a connection slot in each worker.
      workerConnections: 4096 + sshForwards.length,
      rlimitNofile: Math.min(layout.maxOpenFiles, 2 * (4096 + sshForwards.length) + 1024),
      siteBodyLimit: SITE_BODY_LIMIT,
      // What a visitor gets when even the API, which gives the visitors' pages, does not answer.
      unavailablePage: nginxSingleQuoted(this.env.render('unavailable.html.njk', {})),
      suspendedBackend: SUSPENDED_BACKEND,
      suspendedPage: nginxSingleQuoted(this.env.render('suspended.html.njk', {})),
      siteTooLargeText: nginxSingleQuoted(SITE_TOO_LARGE_TEXT),
      apiTooLargeBody: nginxSingleQuoted(JSON.stringify(PAYLOAD_TOO_LARGE_RESPONSE)),
    };
    return {
      'nginx.conf': this.env.render('nginx.conf.njk', context),
      'http.conf': this.env.render('http.conf.njk', context),
      'sites.map': this.env.render('sites.map.njk', context),
      'stream.conf': this.env.render('stream.conf.njk', context),
    };
  }
}

/**
 * nginx hashes a `hostnames` map into buckets; too small a hash only earns a
 * warning from `nginx -t` (exit 0) and a slower, larger table, so size it to
 * the entry count and the longest name.
 */
export function mapHashSizes(
  entries: number,
  longestName: number,
): { mapHashMaxSize: number; mapHashBucketSize: number } {
  // One element is a pointer plus the name (with 2 bytes of length) aligned to 8; a bucket ends in a null pointer.
  const element = 8 + Math.ceil((longestName + 2) / 8) * 8;
  const mapHashBucketSize = Math.max(64, nextPowerOfTwo(element * 2 + 8));
  const mapHashMaxSize = Math.max(1024, nextPowerOfTwo(entries * 2));
  return { mapHashMaxSize, mapHashBucketSize };
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Fixed answers (the fallback unavailable and suspended pages, the 413s) go into single-quoted nginx strings, where `$` would start a variable. */
function nginxSingleQuoted(text: string): string {
  if (text.includes('$')) throw new Error('a fixed answer of the edge must not contain "$"');
  return text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

const safePath = /^\/[A-Za-z0-9._/-]+$/;

/** Settings come validated from config; re-check the ones that land in the files. */
function assertLayoutIsSafe(layout: EdgeLayout, genDir: string): void {
  const paths = [genDir, layout.pidFile, layout.lockFile, layout.errorLog, layout.tempDir];
  if (layout.streamModule !== undefined) paths.push(layout.streamModule);
  if (layout.tls) paths.push(layout.tls.certificateDir, layout.tls.challengeDir);
  for (const p of paths) {
    if (!safePath.test(p)) throw new Error(`edge path ${JSON.stringify(p)} has characters nginx config cannot carry`);
  }
  if (!HOSTNAME_PATTERN.test(layout.baseDomain)) throw new Error(`invalid base domain ${layout.baseDomain}`);
  for (const host of [layout.listen.host, layout.api.host, layout.sshListenHost ?? '0.0.0.0']) {
    if (!IPV4_PATTERN.test(host)) throw new Error(`edge address ${host} is not an IPv4 literal`);
  }
  for (const source of layout.realIpFrom) {
    if (!IPV4_OR_CIDR_PATTERN.test(source)) throw new Error(`edge proxy address ${source} is not IPv4 or a CIDR`);
  }
  if (!Number.isInteger(layout.apiBodyLimit) || layout.apiBodyLimit < 1) {
    throw new Error(`API body limit ${layout.apiBodyLimit} is not a positive whole number of bytes`);
  }
  if (layout.tls && (!Number.isInteger(layout.tls.hstsMaxAgeSeconds) || layout.tls.hstsMaxAgeSeconds < 0)) {
    throw new Error(`HSTS max-age ${layout.tls.hstsMaxAgeSeconds} is not a whole number of seconds`);
  }
  for (const port of [layout.listen.port, layout.api.port, ...(layout.tls ? [layout.tls.port] : [])]) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`edge port ${port} is invalid`);
  }
  if (layout.user !== undefined && !/^[a-z_][a-z0-9_-]{0,31}$/.test(layout.user)) {
    throw new Error(`invalid worker user ${layout.user}`);
  }
}
