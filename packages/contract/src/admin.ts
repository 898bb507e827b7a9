import { z } from 'zod';
import { AuditAction, AuditEntry, AuditResult } from './audit.js';
import { HostingCommand, HostingStatus } from './hosting.js';
import { TlsOverview } from './tls.js';
import { HostUsage } from './usage.js';
import { Cursor, page, PageSize } from './pagination.js';
import { UserStatus } from './user.js';

export const AdminUser = z.object({
  id: z.uuid(),
  email: z.string(),
  username: z.string(),
  is_admin: z.boolean(),
  status: UserStatus,
  status_reason: z.string().nullable(),
  plan_id: z.uuid().nullable(),
  hosting: z.object({ id: z.uuid(), status: HostingStatus }).nullable(),
  created_at: z.iso.datetime(),
});
export type AdminUser = z.infer<typeof AdminUser>;
export const AdminUserPage = page(AdminUser);
export type AdminUserPage = z.infer<typeof AdminUserPage>;

export const AdminUserQuery = z.object({
  /** Part of the email or username, case-insensitive. */
  q: z.string().trim().max(100).optional(),
  status: UserStatus.optional(),
  role: z.enum(['member', 'admin']).optional(),
  /** A plan's id, or `default` for members on the default plan. */
  plan: z.union([z.uuid(), z.literal('default')]).optional(),
  limit: PageSize,
  after: Cursor.optional(),
});
export type AdminUserQuery = z.infer<typeof AdminUserQuery>;

export const RoleChange = z.object({ role: z.enum(['member', 'admin']) });

export const AdminHosting = z.object({
  id: z.uuid(),
  status: HostingStatus,
  /** The owner's status too: a suspended member's hosting is held stopped. */
  owner: z.object({ id: z.uuid(), username: z.string(), email: z.string(), status: UserStatus }),
  vcpus: z.number().int(),
  memory_mb: z.number().int(),
  disk_gb: z.number().int(),
  ssh_port: z.number().int().nullable(),
  ip_address: z.string().nullable(),
  error: z.object({ step: z.string().nullable(), message: z.string() }).nullable(),
  /** What an admin may do to it now: the owner's own rules, less start and reboot while the owner is suspended. */
  allowed_actions: z.array(HostingCommand),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type AdminHosting = z.infer<typeof AdminHosting>;
export const AdminHostingPage = page(AdminHosting);
export type AdminHostingPage = z.infer<typeof AdminHostingPage>;

export const AdminHostingQuery = z.object({
  status: HostingStatus.optional(),
  limit: PageSize,
  after: Cursor.optional(),
});

export const AdminHostingAction = z.object({ action: z.enum(['start', 'stop', 'reboot']) });

/** Allotted against what the host has: the sum over hostings that exist, and the host's own size. */
const Resource = z.object({ allotted: z.number(), host: z.number().nullable() });

/** One machine shape's template for instant hostings (docs/operators.md, "Instant hostings"). */
export const TemplateInfo = z.object({
  vcpus: z.number().int(),
  memory_mb: z.number().int(),
  disk_gb: z.number().int(),
  /** ready: new hostings of this shape are made from it; building; waiting (its turn); failed (retried later). */
  state: z.enum(['ready', 'building', 'waiting', 'failed']),
  built_at: z.iso.datetime().nullable(),
  build_seconds: z.number().nullable(),
  error: z.string().nullable(),
});
export type TemplateInfo = z.infer<typeof TemplateInfo>;

export const Overview = z.object({
  // Every state but DELETED.
  hostings: z.partialRecord(HostingStatus, z.number().int()),
  resources: z.object({ vcpus: Resource, memory_mb: Resource, disk_gb: Resource }),
  capacity: z.object({ hostings: z.number().int(), limit: z.number().int() }),
  members: z.record(UserStatus, z.number().int()),
  admins: z.number().int(),
  templates: z.object({
    /**
     * Why this host keeps no templates (every hosting boots), or null when it does: HOSTBAY_TEMPLATES=off,
     * a libvirt elsewhere, bridge mode, a distro cloud image (no guest agent), or no hostings in this process.
     */
    off: z.enum(['setting', 'remote_libvirt', 'bridge', 'cloud_image', 'no_hostings']).nullable(),
    shapes: z.array(TemplateInfo),
  }),
  /** HTTPS (docs/operators.md, "HTTPS"): certificates by state, the next expiry, names whose issuance or renewal failed. */
  tls: TlsOverview,
  /** The host's own CPU, memory and disk use now (the worker's sampler), beside `resources`' allotted totals; null without hostings. */
  host_usage: HostUsage.nullable(),
});
export type Overview = z.infer<typeof Overview>;

export const AuditQueryParams = z.object({
  actor: z.uuid().optional(),
  target: z.string().max(100).optional(),
  action: AuditAction.optional(),
  result: AuditResult.optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  limit: PageSize,
  after: Cursor.optional(),
});
export type AuditQueryParams = z.infer<typeof AuditQueryParams>;
export const AuditPage = page(AuditEntry);
export type AuditPage = z.infer<typeof AuditPage>;
