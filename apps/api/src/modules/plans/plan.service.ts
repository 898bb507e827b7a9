import type {
  AccountPlan,
  AdminPlan,
  CreatePlanRequest,
  UpdatePlanRequest,
  UserPlanAssignment,
} from '@hostbay/contract/plan';
import { ErrorCode } from '@hostbay/contract/envelope';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { UserRecord } from '../users/user.repository.js';
import { DuplicatePlanNameError, type PlanRepository } from './plan.repository.js';
import { presentAdminPlan, presentLimits, presentMemberPlan } from './plan.presenter.js';
import { DEFAULT_PLAN_NAME, type MemberPlan, type PlanLimits, type PlanRecord } from './plan.types.js';

export type PlanStore = Pick<PlanRepository, keyof PlanRepository>;

export interface PlanServiceDeps {
  plans: PlanStore;
  users: { findById(id: string): Promise<UserRecord | undefined> };
  /** The default plan: HOSTBAY_VM_VCPUS, HOSTBAY_VM_MEMORY_MB, HOSTBAY_VM_DISK_GB. */
  defaults: PlanLimits;
  /** What the member's hosting has now, or undefined without one (or without hosting at all). */
  usage(userId: string): Promise<PlanLimits | undefined>;
}

function named(plan: PlanRecord): MemberPlan {
  return { id: plan.id, name: plan.name, isDefault: false, limits: plan.limits };
}

/** Named plans, the default plan, and who is on which. */
export class PlanService {
  private readonly defaultPlan: MemberPlan;

  constructor(private readonly deps: PlanServiceDeps) {
    this.defaultPlan = { id: null, name: DEFAULT_PLAN_NAME, isDefault: true, limits: deps.defaults };
  }

  /** Every plan, the default first, each with how many members are on it. */
  async list(): Promise<AdminPlan[]> {
    const [plans, members] = await Promise.all([this.deps.plans.list(), this.deps.plans.countMembers()]);
    const known = new Set(plans.map((plan) => plan.id));
    // A member left on a plan that is gone counts as on the default plan, as planOf treats them.
    let onDefault = 0;
    for (const [planId, count] of members) if (planId === null || !known.has(planId)) onDefault += count;
    return [
      presentAdminPlan(this.defaultPlan, onDefault),
      ...plans.map((plan) => presentAdminPlan(named(plan), members.get(plan.id) ?? 0)),
    ];
  }

  async create(body: CreatePlanRequest): Promise<AdminPlan> {
    const plan = await this.named(() =>
      this.deps.plans.insert(body.name, {
        vcpus: body.vcpus,
        memoryMb: body.memory_mb,
        diskGb: body.disk_gb,
        snapshots: body.snapshots,
      }),
    );
    return presentAdminPlan(named(plan), 0);
  }

  /** Members' hostings take the new limits at their next start (or creation). */
  async update(id: string, body: UpdatePlanRequest): Promise<AdminPlan> {
    const plan = await this.named(() =>
      this.deps.plans.update(id, {
        ...(body.name === undefined ? {} : { name: body.name }),
        limits: { vcpus: body.vcpus, memoryMb: body.memory_mb, diskGb: body.disk_gb, snapshots: body.snapshots },
      }),
    );
    if (!plan) throw new NotFoundError('There is no such plan.');
    const members = await this.deps.plans.countMembers();
    return presentAdminPlan(named(plan), members.get(plan.id) ?? 0);
  }

  /** Refused while members are on it: moving them is the admin's choice, never a surprise. */
  async remove(id: string): Promise<AdminPlan> {
    const plan = await this.deps.plans.findById(id);
    if (!plan) throw new NotFoundError('There is no such plan.');
    const outcome = await this.deps.plans.deleteUnused(id);
    if (outcome === 'missing') throw new NotFoundError('There is no such plan.');
    if (outcome === 'in-use') {
      const members = (await this.deps.plans.countMembers()).get(id) ?? 0;
      throw new ConflictError(
        `Members are on this plan (${members}). Move them to another plan first.`,
        ErrorCode.planInUse,
        { members },
      );
    }
    return presentAdminPlan(named(plan), 0);
  }

  /** Puts a member on a plan (null: the default). Their hosting takes it at its next start. */
  async assign(userId: string, planId: string | null): Promise<{ assignment: UserPlanAssignment; user: UserRecord }> {
    const user = await this.deps.users.findById(userId);
    if (!user) throw new NotFoundError('There is no such member.');
    const plan = planId === null ? this.defaultPlan : await this.deps.plans.findById(planId).then((p) => p && named(p));
    if (!plan) throw new NotFoundError('There is no such plan.');
    const outcome = await this.deps.plans.assign(userId, planId);
    if (outcome === 'no-user') throw new NotFoundError('There is no such member.');
    if (outcome === 'no-plan') throw new NotFoundError('There is no such plan.');
    return {
      assignment: { user_id: userId, plan: { id: plan.id, ...presentMemberPlan(plan) } },
      user,
    };
  }

  /**
   * The member's plan now. A plan_id whose plan is gone (a delete that raced
   * an assignment) is the default plan: a member is never without one.
   */
  async planOf(userId: string): Promise<MemberPlan> {
    const planId = (await this.deps.users.findById(userId))?.planId ?? null;
    if (planId === null) return this.defaultPlan;
    const plan = await this.deps.plans.findById(planId);
    return plan ? named(plan) : this.defaultPlan;
  }

  /** The member's plan and what their hosting has now. */
  async accountPlan(user: UserRecord): Promise<AccountPlan> {
    const [plan, usage] = await Promise.all([this.planOf(user.id), this.deps.usage(user.id)]);
    return {
      plan: presentMemberPlan(plan),
      usage: usage
        ? { hostings: 1, ...presentLimits(usage) }
        : { hostings: 0, vcpus: 0, memory_mb: 0, disk_gb: 0, snapshots: 0 },
    };
  }

  private async named<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DuplicatePlanNameError)
        throw new ConflictError('Another plan has this name.', ErrorCode.planNameTaken);
      throw error;
    }
  }
}
