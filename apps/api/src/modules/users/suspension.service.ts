import type { HostingStatus } from '@hostbay/contract/hosting';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { UserRecord, UserRepository } from './user.repository.js';

/** A member's hosting as a suspension sees it. */
export interface HeldHosting {
  id: string;
  status: HostingStatus;
  /** What unsuspending brings it back to, while a suspension holds it. */
  suspendedFrom: 'RUNNING' | 'STOPPED' | null;
}

/**
 * What suspending needs of the hosting lifecycle (HostingSuspension): hold a
 * member's hosting (stopped, the suspended page, no SSH) and release it.
 */
export interface HostingHolds {
  hold(userId: string): Promise<void>;
  release(userId: string): Promise<void>;
  find(userId: string): Promise<HeldHosting | undefined>;
}

export interface SuspensionServiceDeps {
  users: Pick<UserRepository, 'findById' | 'setStatus'>;
  /** Absent when Hostbay runs without hosting. */
  hostings: HostingHolds | undefined;
  log: { warn(detail: object, message: string): void };
}

/** An account after a suspension or an unsuspension, and its hosting. */
export interface SuspensionOutcome {
  user: UserRecord;
  hosting: HeldHosting | undefined;
}

/**
 * Suspending and unsuspending a member. The account's status is stored
 * first: from that moment its tokens answer 401 `account_suspended` and its
 * event streams end at their next account check. Then the hosting is held
 * (or released) at once; should that fail half-way (the edge refused a
 * reload, the process died), the reconciler finishes it from the stored
 * status within seconds, so nothing here has to be undone.
 */
export class SuspensionService {
  constructor(private readonly deps: SuspensionServiceDeps) {}

  async suspend(userId: string, reason: string, actor: UserRecord): Promise<SuspensionOutcome> {
    const user = await this.requireUser(userId);
    if (user.id === actor.id) throw new ConflictError('You cannot suspend your own account.');
    // An admin is first made a member (an audited step of its own): admins cannot lock each other out.
    if (user.isAdmin)
      throw new ConflictError('This account is an administrator; revoke the role before suspending it.');
    if (user.status === 'suspended') throw new ConflictError('This account is already suspended.');
    if (user.status === 'pending')
      throw new ConflictError('This account still waits for approval; delete it rather than suspend it.');
    await this.deps.users.setStatus(user.id, 'suspended', reason);
    await this.follow(user.id, 'hold');
    return this.outcome(user.id);
  }

  async unsuspend(userId: string): Promise<SuspensionOutcome> {
    const user = await this.requireUser(userId);
    if (user.status !== 'suspended') throw new ConflictError('This account is not suspended.');
    await this.deps.users.setStatus(user.id, 'active', null);
    await this.follow(user.id, 'release');
    return this.outcome(user.id);
  }

  /** The hosting follows the account now; a failure is left to the reconciler, which converges on the status. */
  private async follow(userId: string, change: 'hold' | 'release'): Promise<void> {
    const hostings = this.deps.hostings;
    if (!hostings) return;
    try {
      await (change === 'hold' ? hostings.hold(userId) : hostings.release(userId));
    } catch (error) {
      this.deps.log.warn(
        { err: error, user: userId, change },
        'the hosting did not follow the account at once; the reconciler finishes it',
      );
    }
  }

  private async requireUser(userId: string): Promise<UserRecord> {
    const user = await this.deps.users.findById(userId);
    if (!user) throw new NotFoundError('There is no account with this id.');
    return user;
  }

  private async outcome(userId: string): Promise<SuspensionOutcome> {
    const user = await this.requireUser(userId);
    return { user, hosting: await this.deps.hostings?.find(userId) };
  }
}
