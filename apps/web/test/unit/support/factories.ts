import {
  ProvisionStepName,
  type CreatedHosting,
  type Hosting,
  type HostingStatus,
  type ProvisionStep,
  type StepState,
} from '@hostbay/contract/hosting';
import type { User } from '@hostbay/contract/user';

export const STATUSES: HostingStatus[] = [
  'CREATING',
  'RUNNING',
  'STOPPING',
  'STOPPED',
  'STARTING',
  'REBOOTING',
  'RESTORING',
  'DELETING',
  'DELETED',
  'ERROR',
];

/**
 * A booted hosting's creation steps: one made from a template has restore_vm and personalise instead, and one
 * brought back from its backup restore_backup instead of clone_disk.
 */
export const STEP_NAMES: readonly ProvisionStepName[] = ProvisionStepName.options.filter(
  (name) => name !== 'restore_vm' && name !== 'personalise' && name !== 'restore_backup',
);

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '6f1c1a52-3c1e-4a57-9b55-5a4f6c1d0e01',
    email: 'alice@example.com',
    username: 'alice',
    is_admin: false,
    status: 'active',
    created_at: '2025-01-15T09:30:00.000Z',
    updated_at: '2025-01-15T09:30:00.000Z',
    ...overrides,
  };
}

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const iso = (offsetSeconds: number) => new Date(T0 + offsetSeconds * 1000).toISOString();

/** Steps where the first `done` are finished (10 s each) and the next is in `current` state. */
export function makeSteps(done: number, current: StepState = 'running'): ProvisionStep[] {
  return STEP_NAMES.map((name, index) => {
    if (index < done) return { name, state: 'done', started_at: iso(index * 10), finished_at: iso(index * 10 + 10) };
    if (index === done)
      return {
        name,
        state: current,
        started_at: iso(index * 10),
        finished_at: current === 'running' ? null : iso(index * 10 + 5),
      };
    return { name, state: 'pending', started_at: null, finished_at: null };
  });
}

/** What the API's policy (apps/api/src/modules/hosting/hosting-policy.ts) allows in each state. */
const ALLOWED_ACTIONS: Record<HostingStatus, Hosting['allowed_actions']> = {
  CREATING: ['delete'],
  RUNNING: ['stop', 'reboot', 'delete'],
  STOPPING: ['delete'],
  STOPPED: ['start', 'delete'],
  STARTING: ['delete'],
  REBOOTING: ['delete'],
  RESTORING: ['delete'],
  DELETING: [],
  DELETED: [],
  ERROR: ['delete'],
};

export function makeHosting(status: HostingStatus = 'RUNNING', overrides: Partial<Hosting> = {}): Hosting {
  return {
    allowed_actions: ALLOWED_ACTIONS[status],
    id: '0d9a3b1e-8c55-4d8e-9d4f-2e6a1b7c9f10',
    status,
    stop_cause: status === 'STOPPED' ? 'member' : null,
    web_url: 'http://alice.hostbay.localhost',
    ssh_command: 'ssh -p 22001 alice@hostbay.localhost',
    ssh_host: 'hostbay.localhost',
    ssh_port: 22001,
    ssh_user: 'alice',
    ip_address: '10.77.0.12',
    vm_name: 'hostbay-alice',
    vcpus: 1,
    memory_mb: 1024,
    disk_gb: 10,
    created_at: iso(0),
    updated_at: iso(60),
    error: null,
    steps: status === 'CREATING' ? makeSteps(5) : makeSteps(8),
    creation_path: 'boot',
    ssh_auth: 'key',
    https: { state: 'off', expires_at: null, next_attempt_at: null, problem: null },
    ...overrides,
  };
}

export function makeCreated(initialPassword: string | null, overrides: Partial<Hosting> = {}): CreatedHosting {
  return { ...makeHosting('CREATING', { steps: makeSteps(0), ...overrides }), initial_password: initialPassword };
}
