import { AUDIT_RESULTS } from '@hostbay/contract/audit-names';
import { useId, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { hasAuditFilters, useAuditFilters, type AuditFilters } from './audit-filters';
import { ACTIONS_BY_AREA, actionLabel } from './audit-labels';

/**
 * The audit log's filters. A choice (action, result, a date) applies at once; the target ID, typed
 * or pasted, applies on Enter or "Filter". The actor is set by clicking one in the list and shows here as a chip.
 */
export function AuditFilterBar({ actorName }: { actorName: string | undefined }) {
  const { t } = useTranslation();
  const { filters, setFilter, clear } = useAuditFilters();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = new FormData(event.currentTarget).get('target');
    setFilter('target', typeof target === 'string' ? target.trim() : '');
  };

  return (
    <form className="audit-filters" role="search" aria-label={t('admin.audit.filters.label')} onSubmit={submit}>
      <div className="filter-bar">
        <ActionSelect value={filters.action} onChange={(value) => setFilter('action', value)} />
        <SelectField
          label={t('admin.audit.filters.result')}
          name="result"
          value={filters.result}
          onChange={(value) => setFilter('result', value)}
        >
          <option value="">{t('admin.audit.filters.any')}</option>
          {AUDIT_RESULTS.map((result) => (
            <option key={result} value={result}>
              {t(`activity.results.${result}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('admin.audit.filters.since')}
          name="since"
          type="date"
          value={filters.since}
          max={filters.until || undefined}
          onChange={(event) => setFilter('since', event.target.value)}
        />
        <TextField
          label={t('admin.audit.filters.until')}
          name="until"
          type="date"
          value={filters.until}
          min={filters.since || undefined}
          onChange={(event) => setFilter('until', event.target.value)}
        />
        <TextField
          // Keyed by the address's value: "Clear filters" or a clicked target replaces what was typed.
          key={filters.target}
          label={t('admin.audit.filters.target')}
          placeholder={t('admin.audit.filters.targetPlaceholder')}
          title={t('admin.audit.filters.targetHint')}
          name="target"
          defaultValue={filters.target}
          maxLength={100}
          spellCheck={false}
          autoComplete="off"
        />
        <Button type="submit" variant="secondary" icon="list">
          {t('admin.list.filter')}
        </Button>
      </div>
      {hasAuditFilters(filters) && (
        <div className="audit-filters-actions">
          {filters.actor && <ActorChip name={actorName ?? filters.actor} onRemove={() => setFilter('actor', '')} />}
          <Button variant="ghost" icon="close" onClick={clear}>
            {t('admin.list.clearFilters')}
          </Button>
        </div>
      )}
    </form>
  );
}

function SelectField({
  label,
  name,
  value,
  onChange,
  children,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** Every action the log records, grouped by area (accounts, hostings, administration, command line). */
function ActionSelect({ value, onChange }: { value: AuditFilters['action']; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <SelectField label={t('admin.audit.filters.action')} name="action" value={value} onChange={onChange}>
      <option value="">{t('admin.audit.filters.any')}</option>
      {ACTIONS_BY_AREA.map(([area, actions]) => (
        <optgroup key={area} label={t(`admin.audit.areas.${area}`)}>
          {actions.map((action) => (
            <option key={action} value={action}>
              {actionLabel(action, t)}
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  );
}

function ActorChip({ name, onRemove }: { name: string; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <span className="filter-chip">
      <span>{t('admin.audit.filters.actor', { name })}</span>
      <button
        type="button"
        className="filter-chip-remove"
        aria-label={t('admin.audit.filters.removeActor', { name })}
        title={t('admin.audit.filters.removeActor', { name })}
        onClick={onRemove}
      >
        <Icon name="close" size={14} />
      </button>
    </span>
  );
}
