import type { AdminPlan } from '@hostbay/contract/plan';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberFilters } from '../../../api/queries/admin-members';
import { Button } from '../../ui/Button';
import { FilterSelect } from './FilterSelect';

/** How long typing pauses before the search is sent: one request per word, not per key. */
const SEARCH_DELAY_MS = 300;

interface MemberFilterBarProps {
  filters: MemberFilters;
  /** Named plans (the default plan has its own option); undefined while they load. */
  plans: AdminPlan[] | undefined;
  onChange: (change: Partial<MemberFilters>) => void;
  onClear: () => void;
}

/** Search and the status, role and plan filters; each change lands in the URL through `onChange`. */
export function MemberFilterBar({ filters, plans, onChange, onClear }: MemberFilterBarProps) {
  const { t } = useTranslation();
  const searchId = useId();
  const [text, setText] = useState(filters.q);

  useEffect(() => {
    if (text.trim() === filters.q) return;
    const timer = setTimeout(() => onChange({ q: text.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, filters.q, onChange]);

  const any = { value: '', label: t('admin.members.filters.any') };
  const filtered = Object.values(filters).some((value) => value !== '');
  const planOptions = [
    any,
    { value: 'default', label: t('admin.members.defaultPlan') },
    ...(plans ?? []).filter((plan) => plan.id !== null).map((plan) => ({ value: plan.id ?? '', label: plan.name })),
  ];
  // A plan id from a shared link stays selectable while the plans load (or after its plan is gone).
  if (filters.plan && !planOptions.some((option) => option.value === filters.plan)) {
    planOptions.push({ value: filters.plan, label: filters.plan });
  }

  return (
    <form
      className="filter-bar member-filters"
      role="search"
      aria-label={t('admin.members.filters.label')}
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ q: text.trim() });
      }}
    >
      <div className="field member-search">
        <label htmlFor={searchId}>{t('admin.members.filters.search')}</label>
        <input
          id={searchId}
          type="search"
          name="q"
          value={text}
          maxLength={100}
          placeholder={t('admin.members.filters.searchPlaceholder')}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <FilterSelect
        label={t('admin.members.filters.status')}
        value={filters.status}
        onChange={(status) => onChange({ status })}
        options={[
          any,
          { value: 'active', label: t('admin.members.status.active') },
          { value: 'pending', label: t('admin.members.status.pending') },
          { value: 'suspended', label: t('admin.members.status.suspended') },
        ]}
      />
      <FilterSelect
        label={t('admin.members.filters.role')}
        value={filters.role}
        onChange={(role) => onChange({ role })}
        options={[
          any,
          { value: 'member', label: t('admin.members.role.member') },
          { value: 'admin', label: t('admin.members.role.admin') },
        ]}
      />
      <FilterSelect
        label={t('admin.members.filters.plan')}
        value={filters.plan}
        onChange={(plan) => onChange({ plan })}
        options={planOptions}
      />
      {filtered && (
        <Button
          variant="ghost"
          icon="close"
          onClick={() => {
            setText('');
            onClear();
          }}
        >
          {t('admin.list.clearFilters')}
        </Button>
      )}
    </form>
  );
}
