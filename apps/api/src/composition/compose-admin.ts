import { HostingRecovery } from '../modules/backups/hosting-recovery.js';
import { LocalHostResources } from '../adapters/host/host-resources.js';
import type { HostUsage } from '@hostbay/contract/usage';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { AdminRepository } from '../modules/admin/admin.repository.js';
import { HostingAdmin } from '../modules/admin/hosting-admin.js';
import { AdminOverview } from '../modules/admin/overview.js';
import { UserDirectory } from '../modules/admin/user-directory.js';
import type { HostingService } from '../modules/hosting/hosting.service.js';
import type { HostingStores } from '../modules/hosting/hosting.ports.js';
import type { TemplateKeeper } from '../modules/hosting/template-keeper.js';
import type { TlsStatus } from '../modules/tls/tls-status.js';
import type { BackupService } from '../modules/backups/backup.service.js';
import { templatesOff } from './compose-instant.js';
import type { UserRepository } from '../modules/users/user.repository.js';

/** The operator console's services; the hostings part only where Hostbay runs hostings. */
export function composeAdmin(
  config: Config,
  database: DatabaseHandle,
  users: UserRepository,
  hosting:
    | {
        service: HostingService;
        stores: HostingStores;
        templates?: TemplateKeeper;
        tls?: TlsStatus;
        backups: BackupService;
        /** The host's own use, from the resource sampler. */
        hostUsage: () => HostUsage | null;
      }
    | undefined,
) {
  const repository = new AdminRepository(database.db);
  const keeper = hosting?.templates;
  const tls = hosting?.tls;
  return {
    overview: new AdminOverview(
      repository,
      new LocalHostResources(config.vm.storagePool.dir),
      config.hosting.capacity,
      {
        off: keeper ? null : (templatesOff(config) ?? 'no_hostings'),
        ...(keeper ? { status: () => keeper.status() } : {}),
      },
      { mode: config.tls.mode, ...(tls ? { overview: () => tls.overview() } : {}) },
      hosting?.hostUsage,
    ),
    directory: new UserDirectory(repository, users),
    hostings:
      hosting &&
      new HostingAdmin(repository, {
        findHostingById: (id) => hosting.stores.hostings.findById(id),
        findUserById: (id) => users.findById(id),
        performAction: (owner, action) => hosting.service.performAction(owner, action, 'operator'),
        deleteHosting: (owner) => hosting.service.deleteHosting(owner),
      }),
    backups: hosting && {
      service: hosting.backups,
      recovery: new HostingRecovery({ backups: hosting.backups, users, hostings: hosting.service }),
    },
  };
}
