import type { CreatedHosting, Hosting, HostingCommand } from '@hostbay/contract/hosting';
import type { SiteHttps } from '@hostbay/contract/tls';
import type { HostingRecord, StepRecord } from './hosting.types.js';
import { domainName } from '../vm/vm-names.js';

export interface PublicAddress {
  baseDomain: string;
  scheme: 'http' | 'https';
  /** Omitted from URLs when it is the scheme's default. */
  port: number;
}

function portSuffix(address: PublicAddress): string {
  const standard = address.scheme === 'https' ? 443 : 80;
  return address.port === standard ? '' : `:${address.port}`;
}

/** A site's address by the public address alone, before (or without) HTTPS of its own. */
export function plainSiteUrl(username: string, address: PublicAddress): string {
  return `${address.scheme}://${username}.${address.baseDomain}${portSuffix(address)}/`;
}

/** What a hosting looks like to its owner. */
export function presentHosting(
  hosting: HostingRecord,
  steps: StepRecord[],
  address: PublicAddress,
  allowed: HostingCommand[],
  /** HTTPS of the site and the address that follows from it; absent: plain HTTP as `address` says. */
  site?: { https: SiteHttps; url: string },
): Hosting {
  const sshPort = hosting.sshPort;
  return {
    id: hosting.id,
    status: hosting.status,
    // Only a hosting that is off (or going off) has a reason to be.
    stop_cause: hosting.status === 'STOPPED' || hosting.status === 'STOPPING' ? hosting.stopCause : null,
    web_url: site?.url ?? plainSiteUrl(hosting.username, address),
    ssh_command: sshPort ? `ssh -p ${sshPort} ${hosting.username}@${address.baseDomain}` : '',
    ssh_host: address.baseDomain,
    ssh_port: sshPort,
    ssh_user: hosting.username,
    // The guest's sshd allows passwords exactly when the hosting was made with one (guest-personalisation.ts).
    ssh_auth: hosting.passwordHash === null ? 'key' : 'password',
    ip_address: hosting.ipAddress,
    vm_name: domainName(hosting.id),
    vcpus: hosting.vcpus,
    memory_mb: hosting.memoryMb,
    disk_gb: hosting.diskGb,
    created_at: hosting.createdAt,
    updated_at: hosting.updatedAt,
    error: hosting.error
      ? { step: hosting.error.step, message: hosting.error.message, retry_safe: hosting.error.retrySafe }
      : null,
    steps: steps.map((step) => ({
      name: step.name,
      state: step.state,
      started_at: step.startedAt,
      finished_at: step.finishedAt,
    })),
    allowed_actions: allowed,
    creation_path: hosting.templateKey === null ? 'boot' : 'template',
    https: site?.https ?? { state: 'off', expires_at: null, next_attempt_at: null, problem: null },
  };
}

export function presentCreatedHosting(hosting: Hosting, initialPassword: string | null): CreatedHosting {
  return { ...hosting, initial_password: initialPassword };
}
