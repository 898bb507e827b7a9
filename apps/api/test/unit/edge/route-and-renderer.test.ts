import { PAYLOAD_TOO_LARGE_RESPONSE } from '@hostbay/contract/envelope';
import { describe, expect, it } from 'vitest';
import { readEdgeConfig } from '../../../src/config/edge.js';
import { ConfigError } from '../../../src/config/env-reader.js';
import { NunjucksEdgeRenderer, mapHashSizes, type EdgeLayout } from '../../../src/modules/proxy/edge-renderer.js';
import {
  InvalidRouteError,
  parseRoute,
  parseUsername,
  sameRoute,
  type ProxyRoute,
} from '../../../src/modules/proxy/route.js';

const route: ProxyRoute = {
  username: 'alice',
  webTarget: { host: '127.0.0.1', port: 40001 },
  sshListenPort: 2201,
  sshTarget: { host: '127.0.0.1', port: 50001 },
};

const layout: EdgeLayout = {
  pidFile: '/data/edge/prefix/nginx.pid',
  lockFile: '/data/edge/prefix/nginx.lock',
  errorLog: '/data/edge/prefix/logs/error.log',
  tempDir: '/data/edge/prefix/temp',
  user: undefined,
  workerProcesses: 'auto',
  workerShutdownTimeoutSeconds: 30,
  streamModule: '/usr/lib/nginx/modules/ngx_stream_module.so',
  listen: { host: '0.0.0.0', port: 8080 },
  api: { host: '127.0.0.1', port: 8081 },
  apiBodyLimit: 65536,
  realIpFrom: [],
  baseDomain: 'hosting.example.org',
  sshListenHost: '0.0.0.0',
  maxOpenFiles: 20000,
  tls: undefined,
};

describe('edge route validation', () => {
  it('accepts a DNS-label username, IPv4 targets and integer ports', () => {
    expect(parseRoute(route)).toEqual(route);
  });

  it.each([
    ['a name that would inject nginx directives', { ...route, username: 'x; } server {' }],
    ['a name with a dot (another domain)', { ...route, username: 'evil.example' }],
    ['an upper-case name', { ...route, username: 'Alice' }],
    ['a host name instead of an address', { ...route, webTarget: { host: 'example.org', port: 80 } }],
    ['an address with a trailing directive', { ...route, sshTarget: { host: '127.0.0.1;', port: 22 } }],
    ['a port out of range', { ...route, sshListenPort: 70000 }],
    ['a fractional port', { ...route, webTarget: { host: '127.0.0.1', port: 80.5 } }],
    ['an extra field', { ...route, extra: 'x' }],
  ])('rejects %s', (_, input) => {
    expect(() => parseRoute(input)).toThrow(InvalidRouteError);
  });

  it('rejects a username to remove that is not a DNS label', () => {
    expect(() => parseUsername('../etc')).toThrow(InvalidRouteError);
    expect(parseUsername('bob-2')).toBe('bob-2');
  });
});

describe('edge renderer', () => {
  const renderer = new NunjucksEdgeRenderer();

  it('routes each site by host through the map and forwards its SSH port', () => {
    const files = renderer.render(layout, [route], 7, '/data/edge/conf/gen-7');
    expect(files['sites.map']).toContain('alice.hosting.example.org 127.0.0.1:40001;');
    expect(files['stream.conf']).toContain('listen 0.0.0.0:2201; proxy_pass 127.0.0.1:50001;');
    expect(files['http.conf']).toContain('server_name hosting.example.org localhost 127.0.0.1;');
    expect(files['http.conf']).toContain('proxy_pass http://127.0.0.1:8081;');
    expect(files['http.conf']).toContain("return 200 '7';");
    expect(files['nginx.conf']).toContain('worker_shutdown_timeout 30s;');
    expect(files['nginx.conf']).toContain('include /data/edge/conf/gen-7/http.conf;');
    expect(files['nginx.conf']).not.toContain('user ');
  });

  it("renders a suspended site to the edge's own bilingual page (503) and leaves its SSH port out", () => {
    const bob: ProxyRoute = {
      ...route,
      username: 'bob',
      webTarget: { host: '127.0.0.1', port: 40002 },
      sshListenPort: 2202,
    };
    const files = renderer.render(layout, [route, { ...bob, suspended: true }], 3, '/d/gen-3');
    expect(files['sites.map']).toContain('alice.hosting.example.org 127.0.0.1:40001;');
    expect(files['sites.map']).toContain('bob.hosting.example.org suspended;');
    expect(files['sites.map']).not.toContain('40002');
    expect(files['stream.conf']).toContain('listen 0.0.0.0:2201;');
    expect(files['stream.conf']).not.toContain(':2202');
    expect(files['http.conf']).toContain('if ($hostbay_backend = "suspended") {');
    // Without the API (which gives the page in the visitor's language), the fixed bilingual one.
    const page = /location @hostbay_suspended_fixed \{[^}]*return 503 '([^']*)';/.exec(files['http.conf'])?.[1] ?? '';
    expect(page).toContain('이 사이트는 이용이 정지되었습니다');
    expect(page).toContain('This site is suspended');
  });

  it("asks the API for the visitor's page when the edge itself fails a site, never for a guest's own error", () => {
    const http = renderer.render(layout, [route], 1, '/d/gen-1')['http.conf'];
    const sites = http.slice(0, http.indexOf('# The dashboard and API.'));
    // The main location lets a guest's answers through; only the edge's own 404/502/504 and 503 go to the API.
    expect(sites).toMatch(
      /error_page 404 502 504 = @hostbay_site_page;\s+error_page 413 @hostbay_site_too_large;\s+error_page 503 = @hostbay_suspended;\s+proxy_intercept_errors off;/,
    );
    const named = sites.slice(sites.indexOf('location @hostbay_site_page {'));
    expect(named).toContain('rewrite ^ /api/v1/site-pages/unavailable? break;');
    expect(named).toContain('proxy_pass http://127.0.0.1:8081;');
    expect(named).toContain('proxy_set_header X-Hostbay-Site-Host $host;');
    expect(named).toContain('proxy_method GET;');
    // When the API does not answer either: a fixed bilingual 503 that tells crawlers to come back.
    const fallback = sites.slice(
      sites.indexOf('location @hostbay_site_unavailable {'),
      sites.indexOf('location @hostbay_suspended_fixed {'),
    );
    expect(fallback).toContain('add_header Retry-After "60" always;');
    expect(fallback).toContain('add_header Cache-Control "no-store" always;');
    expect(fallback).toMatch(/return 503 '[^']*This site is unavailable right now[^']*';/);
    expect(fallback).toContain('지금은 이 사이트를 이용할 수 없습니다');
  });

  it('compares routes with their suspension, and reads routes written before suspensions existed', () => {
    expect(sameRoute(route, { ...route, suspended: false })).toBe(true);
    expect(sameRoute(route, { ...route, suspended: true })).toBe(false);
    expect(parseRoute({ ...route, suspended: true })).toEqual({ ...route, suspended: true });
    expect(() => parseRoute({ ...route, suspended: 'yes' })).toThrow(InvalidRouteError);
  });

  it("holds the API's bodies to the API's limit, answering 413 in the API's envelope", () => {
    const http = renderer.render({ ...layout, apiBodyLimit: 12345 }, [route], 1, '/d/gen-1')['http.conf'];
    const apiServer = http.slice(http.indexOf('server_name hosting.example.org'));
    expect(apiServer).toContain('client_max_body_size 12345;');
    const body = /return 413 '([^']*)';/.exec(apiServer)?.[1];
    expect(JSON.parse(body ?? 'null')).toEqual(PAYLOAD_TOO_LARGE_RESPONSE);
    expect(() => renderer.render({ ...layout, apiBodyLimit: 1.5 }, [], 1, '/d/gen-1')).toThrow(/body limit/);
  });

  it("sets X-Forwarded-For to the client's address instead of appending to what the client sent", () => {
    const http = renderer.render(layout, [route], 1, '/d/gen-1')['http.conf'];
    expect(http).not.toContain('$proxy_add_x_forwarded_for');
    // The sites, the visitors' pages (for a site, and for a suspended one), the API, and the API's console WebSocket.
    expect(http.match(/proxy_set_header X-Forwarded-For \$remote_addr;/g)).toHaveLength(5);
    expect(http.match(/proxy_set_header X-Forwarded-For/g)).toHaveLength(5);
  });

  it('passes the console’s WebSocket upgrade on to the API, and nothing else of the API’s', () => {
    const http = renderer.render(layout, [route], 1, '/d/gen-1')['http.conf'];
    const consoleBlock = /location = \/api\/v1\/hosting\/my\/console\/socket \{[^}]*\}/.exec(http)?.[0] ?? '';
    expect(consoleBlock).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(consoleBlock).toContain('proxy_set_header Connection $hostbay_connection_upgrade;');
    expect(http.match(/proxy_set_header Upgrade/g)).toHaveLength(2);
  });

  it('believes X-Forwarded-For only from the proxies named in HOSTBAY_EDGE_REAL_IP_FROM', () => {
    expect(renderer.render(layout, [route], 1, '/d/gen-1')['http.conf']).not.toContain('real_ip');
    const http = renderer.render({ ...layout, realIpFrom: ['127.0.0.1', '10.0.0.0/8'] }, [route], 1, '/d/gen-1')[
      'http.conf'
    ];
    // In the sites' server and in the API's, not for the whole http block (system mode includes it in the operator's).
    expect(http.match(/set_real_ip_from 10\.0\.0\.0\/8;/g)).toHaveLength(2);
    expect(http.match(/real_ip_header X-Forwarded-For;/g)).toHaveLength(2);
    expect(() => renderer.render({ ...layout, realIpFrom: ['0.0.0.0/0; evil'] }, [], 1, '/d/gen-1')).toThrow(/CIDR/);
  });

  it('leaves SSH out when forwarding is off', () => {
    const files = renderer.render(
      { ...layout, sshListenHost: undefined, streamModule: undefined },
      [route],
      1,
      '/d/gen-1',
    );
    expect(files['nginx.conf']).not.toContain('stream.conf');
    expect(files['nginx.conf']).not.toContain('load_module');
  });

  it('refuses settings that nginx config cannot carry safely', () => {
    expect(() => renderer.render({ ...layout, errorLog: '/tmp/x; evil' }, [], 1, '/d/gen-1')).toThrow(/cannot carry/);
    expect(() => renderer.render({ ...layout, baseDomain: 'a b' }, [], 1, '/d/gen-1')).toThrow(/base domain/);
  });

  it('sizes the map hash to the number and length of names', () => {
    expect(mapHashSizes(10, 20)).toEqual({ mapHashMaxSize: 1024, mapHashBucketSize: 128 });
    expect(mapHashSizes(10_003, 40).mapHashMaxSize).toBe(32768);
    expect(mapHashSizes(10, 200).mapHashBucketSize).toBeGreaterThanOrEqual(256);
  });
});

describe('edge config', () => {
  it('defaults to Hostbay own nginx with the API behind it on 127.0.0.1:8081', () => {
    const config = readEdgeConfig({}, 'user');
    expect(config.mode).toBe('own');
    expect(config.api).toEqual({ host: '127.0.0.1', port: 8081 });
    expect(config.sshForward).toBe('direct');
  });

  it('reads the proxies in front of the edge as a list of IPv4 addresses and CIDRs, none by default', () => {
    expect(readEdgeConfig({}, 'user').realIpFrom).toEqual([]);
    expect(readEdgeConfig({ HOSTBAY_EDGE_REAL_IP_FROM: '127.0.0.1, 10.0.0.0/8' }, 'user').realIpFrom).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
    expect(() => readEdgeConfig({ HOSTBAY_EDGE_REAL_IP_FROM: 'lb.example.org' }, 'user')).toThrow(
      /HOSTBAY_EDGE_REAL_IP_FROM/,
    );
    expect(() => readEdgeConfig({ HOSTBAY_EDGE_REAL_IP_FROM: '10.0.0.0/33' }, 'user')).toThrow(ConfigError);
  });

  it('names the variable that is wrong', () => {
    expect(() => readEdgeConfig({ HOSTBAY_EDGE: 'apache' }, 'user')).toThrow(ConfigError);
    expect(() => readEdgeConfig({ HOSTBAY_SSH_LISTEN_HOST: 'any' }, 'user')).toThrow(/HOSTBAY_SSH_LISTEN_HOST/);
  });
});
