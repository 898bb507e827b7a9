import type { HostUsage } from '@hostbay/contract/usage';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { formatDisk, formatMemory, formatPercentValue } from '../../../lib/units';
import { UsageBar } from './UsageBar';

/** What the host itself uses now (the worker's sampler), beside what the hostings are given (ResourcesCard). */
export function HostUsageCard({ usage }: { usage: HostUsage | null }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const language = i18n.language;

  let body;
  if (usage === null) body = <p className="field-hint">{t('admin.overview.hostUsage.none')}</p>;
  else {
    const { disk_used_gb: diskUsed, disk_total_gb: diskTotal } = usage;
    body = (
      <>
        <div className="usage-list">
          {usage.cpu_percent === null ? (
            <UsageBar
              label={t('admin.overview.hostUsage.cpu')}
              used={0}
              total={null}
              text={t('admin.overview.hostUsage.cpuUnknown')}
            />
          ) : (
            <UsageBar
              label={t('admin.overview.hostUsage.cpu')}
              used={usage.cpu_percent}
              total={100}
              showPercent={false}
              text={t('admin.overview.hostUsage.cpuBusy', { percent: formatPercentValue(usage.cpu_percent, language) })}
            />
          )}
          <UsageBar
            label={t('admin.overview.hostUsage.memory')}
            used={usage.memory_used_mb}
            total={usage.memory_total_mb}
            text={t('admin.overview.hostUsage.usedOf', {
              used: formatMemory(usage.memory_used_mb, language),
              total: formatMemory(usage.memory_total_mb, language),
            })}
          />
          {diskUsed === null || diskTotal === null ? (
            <UsageBar
              label={t('admin.overview.hostUsage.disk')}
              used={0}
              total={null}
              text={t('admin.overview.hostUsage.diskUnknown')}
            />
          ) : (
            <UsageBar
              label={t('admin.overview.hostUsage.disk')}
              used={diskUsed}
              total={diskTotal}
              text={t('admin.overview.hostUsage.usedOf', {
                used: formatDisk(diskUsed, language),
                total: formatDisk(diskTotal, language),
              })}
            />
          )}
        </div>
        <p className="field-hint">{t('admin.overview.hostUsage.at', { time: formatDateTime(usage.at, language) })}</p>
      </>
    );
  }

  return (
    <section className="card overview-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('admin.overview.hostUsage.title')}
      </h2>
      <p className="field-hint">{t('admin.overview.hostUsage.hint')}</p>
      {body}
    </section>
  );
}
