import type { Overview } from '@hostbay/contract/admin';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatDisk, formatMemory } from '../../../lib/units';
import { UsageBar } from './UsageBar';

type Resource = Overview['resources']['vcpus'];

/** vCPUs, memory and disk given to the hostings that exist, against the host's own. */
export function ResourcesCard({ resources }: { resources: Overview['resources'] }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const language = i18n.language;

  const bar = (label: string, resource: Resource, format: (value: number) => string) => (
    <UsageBar
      label={label}
      used={resource.allotted}
      total={resource.host}
      overNote={t('admin.overview.resources.over')}
      text={
        resource.host === null
          ? t('admin.overview.resources.unknown', { used: format(resource.allotted) })
          : t('admin.overview.resources.usedOf', { used: format(resource.allotted), total: format(resource.host) })
      }
    />
  );

  return (
    <section className="card overview-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('admin.overview.resources.title')}
      </h2>
      <p className="field-hint">{t('admin.overview.resources.hint')}</p>
      <div className="usage-list">
        {bar(t('admin.overview.resources.vcpus'), resources.vcpus, (n) => formatCount(n, language))}
        {bar(t('admin.overview.resources.memory'), resources.memory_mb, (n) => formatMemory(n, language))}
        {bar(t('admin.overview.resources.disk'), resources.disk_gb, (n) => formatDisk(n, language))}
      </div>
    </section>
  );
}
