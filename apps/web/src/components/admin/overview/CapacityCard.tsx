import type { Overview } from '@hostbay/contract/admin';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../../lib/units';
import { UsageBar } from './UsageBar';

/** How many hostings exist against how many may (HOSTBAY_CAPACITY). */
export function CapacityCard({ capacity }: { capacity: Overview['capacity'] }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const full = capacity.hostings >= capacity.limit;
  return (
    <section className="card overview-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('admin.overview.capacity.title')}
      </h2>
      <UsageBar
        label={t('admin.overview.capacity.label')}
        used={capacity.hostings}
        total={capacity.limit}
        text={t('admin.overview.capacity.value', {
          hostings: formatCount(capacity.hostings, i18n.language),
          limit: formatCount(capacity.limit, i18n.language),
        })}
      />
      {full && <p className="usage-note">{t('admin.overview.capacity.full')}</p>}
      <p className="field-hint">{t('admin.overview.capacity.hint')}</p>
    </section>
  );
}
