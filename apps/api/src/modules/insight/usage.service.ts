import type { HostingUsage, UsageRange } from '@hostbay/contract/usage';
import { NotFoundError } from '../../errors.js';
import type { HostingStore } from '../hosting/hosting.ports.js';
import type { UserRecord } from '../users/user.repository.js';
import { usageLevel } from './usage-downsampling.js';
import { presentHostingUsage } from './usage.presenter.js';
import type { UsageRepository } from './usage.repository.js';

export interface UsageServiceDeps {
  hostings: Pick<HostingStore, 'findActiveByUser'>;
  samples: Pick<UsageRepository, 'points'>;
  now?: () => Date;
}

/** A member's graphs (docs/users.md, "Your machine's graphs"): their own hosting's points, never another's. */
export class UsageService {
  private readonly now: () => Date;

  constructor(private readonly deps: UsageServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The last hour in 10 s points, the last day in minutes or the last 30 days in ten minutes. */
  async forMember(user: UserRecord, range: UsageRange): Promise<HostingUsage> {
    const hosting = await this.deps.hostings.findActiveByUser(user.id);
    if (!hosting) throw new NotFoundError('You have no hosting yet.');
    const level = usageLevel(range);
    const after = Math.floor(this.now().getTime() / 1000) - level.keepSeconds;
    const samples = await this.deps.samples.points(hosting.id, level.resolution, after);
    return presentHostingUsage(hosting, range, level.resolution, samples);
  }
}
