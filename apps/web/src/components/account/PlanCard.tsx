import type { AccountPlan } from '@hostbay/contract/plan';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { accountPlanQuery } from '../../api/queries/account';
import { ErrorState, LoadingState } from '../ui/PageStates';

/**
 * A plan change reaches the hosting at its next start; a disk larger than the plan's is kept (never shrunk).
 * Its number of snapshots is not among them: that counts at once.
 */
function waitsForStart({ plan, usage }: AccountPlan): boolean {
  return (
    usage.hostings > 0 &&
    (usage.vcpus !== plan.vcpus || usage.memory_mb !== plan.memory_mb || usage.disk_gb < plan.disk_gb)
  );
}

/** The member's plan (vCPUs, memory, disk, snapshots) and what their hosting has of it. */
export function PlanCard() {
  const { t } = useTranslation();
  const titleId = useId();
  const query = useQuery(accountPlanQuery());

  let body;
  if (query.isPending) body = <LoadingState label={t('plan.loading')} />;
  else if (query.isError)
    body = <ErrorState title={t('plan.loadFailed')} error={query.error} onRetry={() => void query.refetch()} />;
  else {
    const { plan, usage } = query.data;
    const value = (limit: string, used: string) => (usage.hostings > 0 ? t('plan.usedOf', { used, limit }) : limit);
    body = (
      <>
        <dl className="info-list">
          <div className="info-row">
            <dt>{t('plan.name')}</dt>
            <dd>{plan.is_default ? t('plan.defaultName') : plan.name}</dd>
          </div>
          <div className="info-row">
            <dt>{t('plan.vcpus')}</dt>
            <dd>{value(String(plan.vcpus), String(usage.vcpus))}</dd>
          </div>
          <div className="info-row">
            <dt>{t('plan.memory')}</dt>
            <dd>
              {value(
                t('hosting.info.memoryValue', { value: plan.memory_mb }),
                t('hosting.info.memoryValue', { value: usage.memory_mb }),
              )}
            </dd>
          </div>
          <div className="info-row">
            <dt>{t('plan.disk')}</dt>
            <dd>
              {value(
                t('hosting.info.diskValue', { value: plan.disk_gb }),
                t('hosting.info.diskValue', { value: usage.disk_gb }),
              )}
            </dd>
          </div>
          <div className="info-row">
            <dt>{t('plan.snapshots')}</dt>
            <dd>{value(String(plan.snapshots), String(usage.snapshots))}</dd>
          </div>
        </dl>
        <p className="field-hint">
          {usage.hostings === 0 ? t('plan.noHosting') : waitsForStart(query.data) ? t('plan.pending') : t('plan.usage')}
        </p>
      </>
    );
  }

  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('plan.title')}
      </h2>
      {body}
    </section>
  );
}
