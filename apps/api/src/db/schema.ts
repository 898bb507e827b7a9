import type { ColumnType, Generated } from 'kysely';

/** PostgreSQL returns timestamps as Date, SQLite as the ISO text we wrote. */
export type Timestamp = ColumnType<Date | string, string, string>;
/** SQLite stores booleans as 0/1 (see sqlite-boolean-plugin.ts). */
export type Bool = ColumnType<boolean | number, boolean, boolean>;

export interface UsersTable {
  id: string;
  email: string;
  username: string;
  password_hash: string;
  is_admin: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** active, pending (waits for an admin's approval) or suspended. */
  status: Generated<string>;
  /** Why it was suspended (or refused), for the member and the audit. */
  status_reason: string | null;
  status_changed_at: Timestamp | null;
  /** In every token; raising it ends every session of the user at once. */
  token_version: Generated<number>;
  /** null: the default plan (HOSTBAY_VM_* settings). */
  plan_id: string | null;
  /** Set when the account's deletion was asked for; the row goes once its hosting is deleted. */
  deletion_requested_at: Timestamp | null;
}

export interface PlansTable {
  id: string;
  name: string;
  vcpus: number;
  memory_mb: number;
  disk_gb: number;
  /** How many snapshots a hosting on the plan may keep. */
  snapshots: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InvitationsTable {
  id: string;
  /** sha256 of the token: the token itself is shown once, to the admin who made it. */
  token_hash: string;
  /** When set, only this address may sign up with it. */
  email: string | null;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_by: string | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  target_name: string | null;
  client_ip: string | null;
  request_id: string | null;
  result: string;
  detail: string | null;
}

export interface HostingsTable {
  id: string;
  user_id: string;
  username: string;
  status: string;
  vcpus: number;
  memory_mb: number;
  disk_gb: number;
  network_mode: string;
  ssh_port: number | null;
  web_port: number | null;
  ip_address: string | null;
  mac_address: string;
  base_image: string;
  vm_ssh_port: number | null;
  ssh_public_key: string | null;
  password_hash: string | null;
  idempotency_key: string | null;
  error_step: string | null;
  error_message: string | null;
  error_retry_safe: Bool | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  /** RUNNING or STOPPED: what the hosting was when its owner's suspension held it; NULL when not held. */
  suspended_from: string | null;
  /** The template the hosting was restored from; NULL: it booted (see 008-templates). */
  template_key: string | null;
  /** The backup the hosting was made from (an admin brought a deleted hosting back); NULL for most. */
  restored_from: Generated<string | null>;
  /** Why a stopped hosting is off (StopCause); NULL when it is not stopped (see 013-stop-cause). */
  stop_cause: Generated<string | null>;
}

export interface HostingStepsTable {
  hosting_id: string;
  job_kind: string;
  name: string;
  position: number;
  state: string;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  created: string | null;
  error: string | null;
}

export interface JobsTable {
  id: string;
  hosting_id: string;
  kind: string;
  state: string;
  locked_by: string | null;
  lease_until: Timestamp | null;
  attempts: Generated<number>;
  /** What the job works on, as JSON (a restore's snapshot); NULL for most jobs. */
  payload: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AllocationsTable {
  kind: string;
  value: string;
  hosting_id: string;
}

export interface CertificatesTable {
  name: string;
  purpose: string;
  state: string;
  problem: string | null;
  detail: string | null;
  not_after: Timestamp | null;
  issued_at: Timestamp | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CertificateIssuancesTable {
  registered_domain: string;
  name: string;
  issued_at: Timestamp;
}

export interface CustomDomainsTable {
  domain: string;
  hosting_id: string;
  username: string;
  dns_state: string;
  dns_found: Generated<string>;
  dns_checked_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SnapshotsTable {
  id: string;
  hosting_id: string;
  name: string;
  state: string;
  taken_while: string | null;
  /** bigint: PostgreSQL hands it back as text. */
  size_bytes: ColumnType<string | number | bigint | null, number | null, number | null>;
  problem: string | null;
  created_at: Timestamp;
  ready_at: Timestamp | null;
}

export interface BackupsTable {
  id: string;
  hosting_id: string;
  user_id: string;
  username: string;
  trigger: string;
  state: string;
  repository_id: string | null;
  bytes_added: ColumnType<string | number | bigint | null, number | null, number | null>;
  bytes_processed: ColumnType<string | number | bigint | null, number | null, number | null>;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

/** A hosting's machine use over one interval (012-usage-samples); bigint columns come back as text from PostgreSQL. */
export interface UsageSamplesTable {
  hosting_id: string;
  resolution: number;
  /** Seconds since 1970: the end of the point's interval. */
  at: ColumnType<string | number, number, number>;
  /** Hundredths of a percent of the machine's vCPUs. */
  cpu: number;
  memory: ColumnType<string | number, number, number>;
  disk_read: ColumnType<string | number, number, number>;
  disk_write: ColumnType<string | number, number, number>;
  net_in: ColumnType<string | number | null, number | null, number | null>;
  net_out: ColumnType<string | number | null, number | null, number | null>;
}

export interface Database {
  users: UsersTable;
  hostings: HostingsTable;
  hosting_steps: HostingStepsTable;
  jobs: JobsTable;
  allocations: AllocationsTable;
  plans: PlansTable;
  invitations: InvitationsTable;
  audit_log: AuditLogTable;
  certificates: CertificatesTable;
  certificate_issuances: CertificateIssuancesTable;
  custom_domains: CustomDomainsTable;
  snapshots: SnapshotsTable;
  backups: BackupsTable;
  usage_samples: UsageSamplesTable;
}

export type SqlDialect = 'sqlite' | 'postgres';
