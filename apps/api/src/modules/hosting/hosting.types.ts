import type { HostingStatus, ProvisionStepName, StepState, StopCause } from '@hostbay/contract/hosting';
import type { BaseImageSpec } from '../vm/vm.spec.js';

/** What a held hosting goes back to when its owner is unsuspended. */
export type ResumeStatus = 'RUNNING' | 'STOPPED';

export type JobKind = 'create' | 'delete' | 'start' | 'stop' | 'reboot' | 'snapshot' | 'restore' | 'backup' | 'recover';

/** What a job works on beyond its hosting: the snapshot it takes or puts back. */
export interface JobPayload {
  snapshotId?: string;
  backupId?: string;
}

export interface HostingRecord {
  id: string;
  userId: string;
  username: string;
  status: HostingStatus;
  vcpus: number;
  memoryMb: number;
  diskGb: number;
  networkMode: 'user' | 'bridge';
  /** The public SSH port (nginx's stream or, for a direct hosting, QEMU listens on it). */
  sshPort: number | null;
  /**
   * user mode with the stream: the VM's SSH forwarded to 127.0.0.1:vmSshPort; the edge forwards sshPort to it.
   * NULL in user mode: a direct hosting, whose QEMU listens on sshPort itself (see forwardsSshDirectly).
   */
  vmSshPort: number | null;
  webPort: number | null;
  ipAddress: string | null;
  macAddress: string;
  baseImage: BaseImageSpec;
  sshPublicKey: string | null;
  passwordHash: string | null;
  error: { step: string | null; message: string; retrySafe: boolean } | null;
  /**
   * Set while the owner is suspended (see hosting-suspension.ts): the status unsuspending returns the
   * hosting to. RUNNING: it is started again; STOPPED: it stays off. Its route shows the suspended page.
   */
  suspendedFrom: ResumeStatus | null;
  /** Why it is off: set on the way to STOPPED (see StatusChange), null once it leaves STOPPING and STOPPED. */
  stopCause: StopCause | null;
  /** The template it was made from (restored in seconds), or null: it booted from the base image. */
  templateKey: string | null;
  /** The backup it was made from (its disk restored, not cloned), or null. */
  restoredFrom: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StepRecord {
  jobKind: JobKind;
  name: string;
  position: number;
  state: StepState;
  startedAt: string | null;
  finishedAt: string | null;
  created: Record<string, unknown> | null;
  error: string | null;
}

export interface JobRecord {
  id: string;
  hostingId: string;
  kind: JobKind;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  payload: JobPayload | null;
}

export type { HostingStatus, ProvisionStepName };
