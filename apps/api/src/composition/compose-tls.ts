import { getDomain } from 'tldts';
import { AcmeAuthority } from '../adapters/acme/acme-authority.js';
import { SystemAccounts } from '../adapters/accounts/system-accounts.js';
import { NodeDomainResolver } from '../adapters/dns/dns-resolver.js';
import { Rfc2136TxtRecords } from '../adapters/dns/rfc2136-updater.js';
import type { ProcessRunner } from '../adapters/process/process-runner.js';
import { FsCertificateFiles } from '../adapters/tls/certificate-files.js';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { JobLogger } from '../modules/hosting/hosting.ports.js';
import type { HostingRepository } from '../modules/hosting/hosting.repository.js';
import type { EdgeTlsLayout } from '../modules/proxy/edge-renderer.js';
import type { ProxyService } from '../modules/proxy/proxy.service.js';
import { CertificateKeeper } from '../modules/tls/certificate-keeper.js';
import { CertificateRepository } from '../modules/tls/certificate.repository.js';
import { DomainRepository } from '../modules/tls/domain.repository.js';
import { DomainService } from '../modules/tls/domain.service.js';
import { TlsStatus } from '../modules/tls/tls-status.js';

/** The TLS folder, made before the edge renders (its config names the fallback and challenge folder). */
export interface TlsFiles {
  files: FsCertificateFiles;
  /** What the edge adds for HTTPS; undefined when HOSTBAY_TLS=off. */
  edge: EdgeTlsLayout | undefined;
}

export async function prepareTlsFiles(config: Config, runner: ProcessRunner): Promise<TlsFiles> {
  const { tls, edge } = config;
  // Off: nothing is read by nginx, so nothing about its workers need be looked up.
  if (tls.mode === 'off') return { files: new FsCertificateFiles(tls.dir, undefined), edge: undefined };
  const accounts = new SystemAccounts(runner);
  // nginx's workers read keys per handshake; when Hostbay runs as root they run as HOSTBAY_EDGE_USER.
  const asRoot = process.getuid?.() === 0;
  const group = asRoot && edge.mode === 'own' ? await accounts.groupOf(edge.workerUser) : undefined;
  const files = new FsCertificateFiles(tls.dir, group);
  await files.init();
  if (group) await accounts.allowTraverse(edge.workerUser, tls.dir);
  return {
    files,
    edge: {
      port: tls.port,
      certificateDir: files.servedDir,
      challengeDir: files.challengeDir,
      hstsMaxAgeSeconds: tls.hstsMaxAgeSeconds,
    },
  };
}

export interface TlsRuntime {
  keeper: CertificateKeeper;
  status: TlsStatus;
  domains: DomainService;
  certificates: CertificateRepository;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Certificates, members' domains and HTTPS status over the edge (ProxyService) and the database. */
export function composeTls(
  config: Config,
  database: DatabaseHandle,
  runner: ProcessRunner,
  parts: { files: TlsFiles; proxy: ProxyService; hostings: HostingRepository; log: JobLogger },
): TlsRuntime {
  const { tls, server } = config;
  const certificates = new CertificateRepository(database.db);
  const domainStore = new DomainRepository(database.db);
  const resolver = new NodeDomainResolver(tls.resolvers);
  const files = parts.files.files;
  const authority =
    tls.mode === 'acme'
      ? new AcmeAuthority(
          {
            directoryUrl: tls.acme.directoryUrl,
            email: tls.acme.email,
            caFile: tls.acme.caFile,
            accountKeyFile: tls.acme.accountKeyFile,
          },
          { http: files, dns: tls.dnsUpdate && new Rfc2136TxtRecords(runner, tls.dnsUpdate) },
        )
      : undefined;
  const keeper = new CertificateKeeper({
    certificates,
    domains: domainStore,
    siteUsernames: () => parts.hostings.listActiveUsernames(),
    authority,
    files,
    resolver,
    edge: parts.proxy,
    registeredDomainOf: (name) => getDomain(name, { allowPrivateDomains: true }) ?? name,
    settings: {
      mode: tls.mode,
      names: tls.names,
      baseDomain: server.baseDomain,
      renewBeforeSeconds: tls.renewBeforeSeconds,
      issuanceLimit: tls.acme.issuanceLimit,
      retryBaseSeconds: tls.checkIntervalSeconds,
      manual: tls.manual,
    },
    log: parts.log,
  });
  const status = new TlsStatus({
    certificates,
    manualCertificate: () => keeper.manualCertificate,
    settings: {
      mode: tls.mode,
      names: tls.names,
      baseDomain: server.baseDomain,
      httpPort: config.hosting.publicPort ?? server.port,
      tlsPort: tls.port,
    },
  });
  const domains = new DomainService({
    domains: domainStore,
    hostings: parts.hostings,
    resolver,
    status,
    keeper,
    isRouted: (domain) => parts.proxy.currentNames().aliases.some((alias) => alias.domain === domain),
    baseDomain: server.baseDomain,
    domainsPerHosting: tls.domainsPerHosting,
  });
  let tick: NodeJS.Timeout | undefined;
  return {
    keeper,
    status,
    domains,
    certificates,
    async start() {
      await keeper.start();
      void keeper.kick();
      tick = setInterval(() => void keeper.kick(), tls.checkIntervalSeconds * 1000);
      tick.unref();
    },
    async stop() {
      clearInterval(tick);
      await keeper.settled();
    },
  };
}
