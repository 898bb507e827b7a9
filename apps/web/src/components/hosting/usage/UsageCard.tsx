import type { HostingUsage, UsageRange } from '@hostbay/contract/usage';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/errors';
import { myUsageQuery, USAGE_REFRESH_MS } from '../../../api/queries/usage';
import { usePageVisible } from '../../../hooks/usePageVisible';
import { formatBytes } from '../../../lib/units';
import { Button } from '../../ui/Button';
import { CHARTS, chartColumns, RANGE_SECONDS, seriesSummary, type ChartSpec } from './usage-charts';
import { UsageChart } from './UsageChart';
import '../../../styles/usage.css';

const RANGES: readonly UsageRange[] = ['1h', '24h', '30d'];

/**
 * What the member's machine uses over the last hour, day or 30 days: CPU, memory, disk and network
 * charts, asked again as often as a new point can appear, and only while the page is visible.
 */
export function UsageCard() {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const [range, setRange] = useState<UsageRange>('1h');
  const visible = usePageVisible();
  const query = useQuery({ ...myUsageQuery(range), refetchInterval: visible ? USAGE_REFRESH_MS[range] : false });

  let body;
  if (query.isPending)
    body = (
      <p className="field-hint" role="status">
        {t('usage.loading')}
      </p>
    );
  else if (query.isError)
    body = (
      <div className="usage-error" role="alert">
        <p className="form-error">
          {t('usage.loadFailed')}: {errorMessage(query.error, t)}
        </p>
        <Button icon="refresh" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  else if (query.data.points.length === 0) body = <p className="usage-empty">{t('usage.empty')}</p>;
  else body = <UsageCharts usage={query.data} language={i18n.language} t={t} />;

  return (
    <section className="card usage-card" aria-labelledby={titleId} data-testid="usage-card">
      <div className="usage-card-head">
        <h2 className="card-title" id={titleId}>
          {t('usage.title')}
        </h2>
        <div className="usage-ranges" role="group" aria-label={t('usage.range.label')}>
          {RANGES.map((option) => (
            <button
              key={option}
              type="button"
              className={option === range ? 'btn btn-primary' : 'btn btn-secondary'}
              aria-pressed={option === range}
              onClick={() => setRange(option)}
            >
              {t(`usage.range.${option}`)}
            </button>
          ))}
        </div>
      </div>
      <p className="field-hint">{t('usage.intro')}</p>
      {body}
    </section>
  );
}

function UsageCharts({ usage, language, t }: { usage: HostingUsage; language: string; t: TFunction }) {
  // A day or less reads as times of day; 30 days as dates.
  const formatTime = useMemo(() => {
    const format = new Intl.DateTimeFormat(
      language,
      usage.range === '30d' ? { month: 'short', day: 'numeric' } : { timeStyle: 'short' },
    );
    return (epochSeconds: number) => format.format(epochSeconds * 1000);
  }, [language, usage.range]);

  return (
    <div className="usage-charts">
      {CHARTS.map((chart) => (
        <ChartOf key={chart.id} chart={chart} usage={usage} language={language} t={t} formatTime={formatTime} />
      ))}
    </div>
  );
}

interface ChartOfProps {
  chart: ChartSpec;
  usage: HostingUsage;
  language: string;
  t: TFunction;
  formatTime: (epochSeconds: number) => string;
}

function ChartOf({ chart, usage, language, t, formatTime }: ChartOfProps) {
  const lines = useMemo(
    () =>
      chart.series.map((series) => ({
        label: t(`usage.series.${series.id}`),
        colour: series.colour,
        dash: series.dash,
      })),
    [chart, t],
  );
  const formatValue = useMemo(() => (value: number) => chart.format(value, language), [chart, language]);
  const columns = useMemo(() => chartColumns(usage, chart), [usage, chart]);
  const summary = chart.series.flatMap((series) => {
    const values = seriesSummary(usage, series);
    if (!values) return [];
    return [
      t('usage.summary', {
        series: t(`usage.series.${series.id}`),
        latest: formatValue(values.latest),
        peak: formatValue(values.peak),
      }),
    ];
  });
  // Every line empty: the host has no counter for it (the network under user-mode networking).
  if (summary.length === 0)
    return (
      <figure className="usage-chart">
        <figcaption>
          <h3 className="usage-chart-title">{t(`usage.charts.${chart.id}`)}</h3>
        </figcaption>
        <p className="usage-chart-scale">{t('usage.notCounted')}</p>
      </figure>
    );
  return (
    <UsageChart
      title={t(`usage.charts.${chart.id}`)}
      scale={scaleText(chart, usage, language, t)}
      lines={lines}
      columns={columns}
      max={chart.max?.(usage)}
      increments={chart.increments}
      windowSeconds={RANGE_SECONDS[usage.range]}
      formatValue={formatValue}
      formatTime={formatTime}
      summary={summary}
    />
  );
}

function scaleText(chart: ChartSpec, usage: HostingUsage, language: string, t: TFunction): string {
  switch (chart.id) {
    case 'cpu':
      return t('usage.charts.cpuScale', { count: usage.vcpus });
    case 'memory':
      return t('usage.charts.memoryScale', { total: formatBytes(usage.memory_bytes, language) });
    case 'disk':
    case 'network':
      return t('usage.charts.perSecond');
  }
}
