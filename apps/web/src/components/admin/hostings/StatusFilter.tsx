import type { HostingStatus } from '@hostbay/contract/hosting';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Every state a hosting can be listed in, DELETED last: the history an operator rarely wants. */
export const LISTED_STATES: readonly HostingStatus[] = [
  'RUNNING',
  'STOPPED',
  'ERROR',
  'CREATING',
  'STARTING',
  'STOPPING',
  'REBOOTING',
  'RESTORING',
  'DELETING',
  'DELETED',
];

export function isListedState(value: string | null): value is HostingStatus {
  return value !== null && (LISTED_STATES as readonly string[]).includes(value);
}

/** The state filter; the page keeps its value in the URL. */
export function StatusFilter({
  value,
  onChange,
}: {
  value: HostingStatus | null;
  onChange: (status: HostingStatus | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('admin.hostings.filter.status')}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => onChange(isListedState(event.target.value) ? event.target.value : null)}
      >
        <option value="">{t('admin.hostings.filter.all')}</option>
        {LISTED_STATES.map((status) => (
          <option key={status} value={status}>
            {t(`hosting.status.${status}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
