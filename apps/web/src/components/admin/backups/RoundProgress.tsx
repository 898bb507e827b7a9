import type { BackupRound } from '@hostbay/contract/backup';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';

/**
 * The round under way: a real progress bar of the hostings it has finished (backed up or failed) out of
 * all it backs up, "3 of 10 hostings" in words beside it. Until the round has counted its hostings the
 * bar shows no value (indeterminate).
 */
export function RoundProgress({ round }: { round: BackupRound }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const finished = round.done + round.failed;
  const counted = round.total > 0;
  const text = counted
    ? t('admin.backups.summary.roundProgress', { done: finished, count: round.total })
    : t('admin.backups.summary.roundPreparing');
  return (
    <div className="backup-round">
      <h3 className="backup-round-title" id={titleId}>
        {t('admin.backups.summary.round')}
      </h3>
      <progress
        className="backup-progress"
        aria-labelledby={titleId}
        aria-valuetext={text}
        {...(counted && { max: round.total, value: Math.min(finished, round.total) })}
      />
      <p className="backup-round-line">
        <span>{text}</span>
        {round.failed > 0 && (
          <span className="backup-round-failed">{t('admin.backups.summary.roundFailed', { count: round.failed })}</span>
        )}
        <span className="cell-muted">
          <time dateTime={round.started_at}>
            {t('admin.backups.summary.roundStarted', { time: formatDateTime(round.started_at, i18n.language) })}
          </time>
        </span>
      </p>
    </div>
  );
}
