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
    web_url: site?.url ?? `${address.scheme}://${hosting.username}.${address.baseDomain}${portSuffix(address)}/`,
    ssh_command: sshPort ? `ssh -p ${sshPort} ${hosting.username}@${address.baseDomain}` : '',
    ssh_host: address.baseDomain,
    ssh_port: sshPort,
    ssh_user: hosting.username,
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
