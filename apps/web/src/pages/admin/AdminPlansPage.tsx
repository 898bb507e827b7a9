import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminPlansQuery } from '../../api/queries/admin-plans';
import { DeletePlanDialog } from '../../components/admin/plans/DeletePlanDialog';
import { PlanFormDialog, type NamedPlan, type PlanFormTarget } from '../../components/admin/plans/PlanFormDialog';
import { PlanTable } from '../../components/admin/plans/PlanTable';
import { Button } from '../../components/ui/Button';
import { ErrorState, LoadingState } from '../../components/ui/PageStates';
import '../../styles/admin-plans.css';
import { PageHeader } from '../PageHeader';

/** Plans: the default one (from the settings, read-only) and the named ones, made, changed and deleted here. */
export function AdminPlansPage() {
  const { t } = useTranslation();
  const plans = useQuery(adminPlansQuery());
  const [form, setForm] = useState<PlanFormTarget | null>(null);
  const [deleting, setDeleting] = useState<NamedPlan | null>(null);

  const defaultPlan = plans.data?.find((plan) => plan.is_default);
  let body;
  if (plans.isPending) body = <LoadingState label={t('admin.plans.list.loading')} />;
  else if (plans.isError)
    body = (
      <ErrorState title={t('admin.plans.list.loadFailed')} error={plans.error} onRetry={() => void plans.refetch()} />
    );
  else
    body = (
      <>
        <PlanTable plans={plans.data} onEdit={(plan) => setForm({ mode: 'edit', plan })} onDelete={setDeleting} />
        {plans.data.length === 1 && <p className="field-hint plans-none">{t('admin.plans.list.noNamed')}</p>}
      </>
    );

  return (
    <>
      <PageHeader title={t('admin.plans.title')} subtitle={t('admin.plans.subtitle')}>
        <Button variant="primary" icon="plus" onClick={() => setForm({ mode: 'create', start: defaultPlan })}>
          {t('admin.plans.add')}
        </Button>
      </PageHeader>
      <div className="callout callout-info plans-notes" role="note">
        <p>{t('admin.plans.howItApplies')}</p>
        <p>{t('admin.plans.defaultNote')}</p>
      </div>
      {body}
      <PlanFormDialog target={form} onClose={() => setForm(null)} />
      <DeletePlanDialog plan={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
