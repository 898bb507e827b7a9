import type { BackupOverview } from '@hostbay/contract/backup';
import type { TFunction } from 'i18next';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatWeekday, formatTimeOfDay, simpleSchedule } from '../../../lib/backup-schedule';
import { formatDateTime } from '../../../lib/format';
import { Button } from '../../ui/Button';
import { RoundProgress } from './RoundProgress';
import { useRunBackups } from './useBackupMutations';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The schedule in words for the common shapes ("Every day at 3:00 AM"); null for the others. */
function scheduleInWords(cron: string, t: TFunction, language: string): string | null {
  const schedule = simpleSchedule(cron);
  if (schedule === null) return null;
  if (schedule.kind === 'hourly') return t('admin.backups.summary.words.hourly', { minute: schedule.minute });
  const time = formatTimeOfDay(schedule.hour, schedule.minute, language);
  if (schedule.kind === 'daily') return t('admin.backups.summary.words.daily', { time });
  if (schedule.kind === 'weekly')
    return t('admin.backups.summary.words.weekly', { weekday: formatWeekday(schedule.weekday, language), time });
  return t('admin.backups.summary.words.monthly', { day: schedule.day, time });
}

function Schedule({ cron }: { cron: string }) {
  const { t, i18n } = useTranslation();
  const words = scheduleInWords(cron, t, i18n.language);
  if (words === null) return <code>{cron}</code>;
  return (
    <span className="backup-schedule">
      <span>{words}</span>
      <span className="cell-muted">
        {t('admin.backups.summary.serverTime')} · <code>{cron}</code>
      </span>
    </span>
  );
}

/** "7 daily, 4 weekly": what each hosting keeps, the kinds it keeps none of left out. */
function keepText(keep: BackupOverview['keep'], t: TFunction): string {
  const parts = [
    keep.daily > 0 && t('admin.backups.summary.keepDaily', { count: keep.daily }),
    keep.weekly > 0 && t('admin.backups.summary.keepWeekly', { count: keep.weekly }),
    keep.monthly > 0 && t('admin.backups.summary.keepMonthly', { count: keep.monthly }),
  ].filter((part) => typeof part === 'string');
  return parts.length > 0 ? parts.join(', ') : t('common.none');
}

function LastRound({ round }: { round: BackupOverview['last_round'] }) {
  const { t, i18n } = useTranslation();
  if (round === null) return <p className="field-hint">{t('admin.backups.summary.noLastRound')}</p>;
  const when = round.finished_at ?? round.started_at;
  return (
    <div className="backup-round">
      <h3 className="backup-round-title">{t('admin.backups.summary.lastRound')}</h3>
      <p className={round.failed > 0 ? 'backup-round-failed' : undefined}>
        {t('admin.backups.summary.lastRoundResult', { done: round.done, failed: round.failed })}
      </p>
      <p className="field-hint">
        <time dateTime={when}>
          {t('admin.backups.summary.lastRoundWhen', { time: formatDateTime(when, i18n.language) })}
        </time>
      </p>
    </div>
  );
}

/**
 * How backups are set up (on or off, when, where, what is kept, how long a deleted hosting's last
 * backup stays), the round under way with its progress, the last round's result, and "Back up now".
 */
export function BackupSummaryCard({ overview }: { overview: BackupOverview }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const busyId = useId();
  const run = useRunBackups();
  const busy = overview.round !== null;
  return (
    <section className="card backup-summary" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('admin.backups.summary.title')}
      </h2>
      <dl className="backup-facts">
        <Fact label={t('admin.backups.summary.state')}>
          <strong className={overview.enabled ? 'backup-on' : 'backup-off'}>
            {overview.enabled ? t('admin.backups.summary.on') : t('admin.backups.summary.off')}
          </strong>
        </Fact>
        {overview.enabled && overview.schedule !== null && (
          <Fact label={t('admin.backups.summary.schedule')}>
            <Schedule cron={overview.schedule} />
          </Fact>
        )}
        {overview.enabled && (
          <Fact label={t('admin.backups.summary.nextRun')}>
            {overview.next_run_at === null ? (
              t('admin.backups.summary.noNextRun')
            ) : (
              <time dateTime={overview.next_run_at}>{formatDateTime(overview.next_run_at, i18n.language)}</time>
            )}
          </Fact>
        )}
        <Fact label={t('admin.backups.summary.repository')}>
          <code>{overview.repository}</code>
        </Fact>
        <Fact label={t('admin.backups.summary.keep')}>{keepText(overview.keep, t)}</Fact>
        <Fact label={t('admin.backups.summary.grace')}>
          {t('admin.backups.summary.graceDays', { count: overview.grace_days })}
        </Fact>
      </dl>
      {overview.round !== null && <RoundProgress round={overview.round} />}
      <LastRound round={overview.last_round} />
      {overview.enabled ? (
        <div className="backup-run">
          <Button
            variant="primary"
            icon="play"
            disabled={busy}
            pending={run.isPending}
            aria-describedby={busy ? busyId : undefined}
            onClick={() => run.mutate()}
          >
            {run.isPending ? t('admin.backups.summary.runPending') : t('admin.backups.summary.runNow')}
          </Button>
          {busy && (
            <p className="field-hint" id={busyId}>
              {t('admin.backups.summary.runBusy')}
            </p>
          )}
        </div>
      ) : (
        <p className="callout callout-info" role="note">
          {t('admin.backups.summary.offNote')}
        </p>
      )}
    </section>
  );
}
