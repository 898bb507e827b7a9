import type { AdminPlan } from '@hostbay/contract/plan';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { DataTable, type Column } from '../DataTable';
import type { NamedPlan } from './PlanFormDialog';

interface PlanTableProps {
  plans: AdminPlan[];
  onEdit: (plan: NamedPlan) => void;
  onDelete: (plan: NamedPlan) => void;
}

/** The default plan has no id: it is the settings', shown, never changed. */
function isNamed(plan: AdminPlan): plan is NamedPlan {
  return plan.id !== null && !plan.is_default;
}

/** Every plan with its size, its snapshots and how many members are on it; named ones can be edited and deleted. */
export function PlanTable({ plans, onEdit, onDelete }: PlanTableProps) {
  const { t } = useTranslation();
  const columns: Column<AdminPlan>[] = [
    {
      key: 'name',
      header: t('admin.plans.list.name'),
      cell: (plan) =>
        plan.is_default ? (
          <div className="plan-name">
            <strong>{t('admin.plans.list.defaultName')}</strong>
            <span className="cell-muted">{t('admin.plans.list.fromSettings')}</span>
          </div>
        ) : (
          <div className="plan-name">
            <strong>{plan.name}</strong>
          </div>
        ),
    },
    { key: 'vcpus', header: t('admin.plans.list.vcpus'), cell: (plan) => plan.vcpus },
    {
      key: 'memory',
      header: t('admin.plans.list.memory'),
      cell: (plan) => t('hosting.info.memoryValue', { value: plan.memory_mb }),
    },
    {
      key: 'disk',
      header: t('admin.plans.list.disk'),
      cell: (plan) => t('hosting.info.diskValue', { value: plan.disk_gb }),
    },
    { key: 'snapshots', header: t('admin.plans.list.snapshots'), cell: (plan) => plan.snapshots },
    { key: 'members', header: t('admin.plans.list.members'), cell: (plan) => plan.members },
    {
      key: 'actions',
      header: t('admin.plans.list.actions'),
      // The default plan's cell stays empty (a phone's card leaves it out): its name says it is read-only.
      cell: (plan) =>
        isNamed(plan) && (
          <div className="cell-actions">
            <Button aria-label={t('admin.plans.edit.openFor', { name: plan.name })} onClick={() => onEdit(plan)}>
              {t('admin.plans.edit.open')}
            </Button>
            <Button
              variant="danger"
              icon="trash"
              aria-label={t('admin.plans.delete.openFor', { name: plan.name })}
              onClick={() => onDelete(plan)}
            >
              {t('admin.plans.delete.open')}
            </Button>
          </div>
        ),
    },
  ];
  return (
    <div className="plans-table">
      <DataTable
        caption={t('admin.plans.list.caption')}
        columns={columns}
        rows={plans}
        rowKey={(plan) => plan.id ?? 'default'}
      />
    </div>
  );
}
