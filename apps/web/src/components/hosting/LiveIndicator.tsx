import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import type { LiveMode } from '../../hooks/useHostingStatus';
import { formatTime } from '../../lib/format';

interface LiveIndicatorProps {
  mode: LiveMode;
  interval: number | false;
  lastUpdated: number | null;
  updateError: Error | null;
}

/** How the page keeps itself fresh, when it last did, and whether it is failing to. */
export function LiveIndicator({ mode, interval, lastUpdated, updateError }: LiveIndicatorProps) {
  const { t, i18n } = useTranslation();
  const modeText =
    mode === 'stream'
      ? t('hosting.live.stream')
      : mode === 'polling' && interval
        ? t('hosting.live.polling', { seconds: interval / 1000 })
        : mode === 'paused'
          ? t('hosting.live.paused')
          : t('hosting.live.idle');
  return (
    <div className="live">
      <p className={`live-mode live-${mode}`}>
        <span className="live-state">
          <span className="live-dot" aria-hidden="true" />
          {modeText}
        </span>
        {lastUpdated !== null && (
          <span className="live-time">
            {t('hosting.live.lastUpdated', { time: formatTime(lastUpdated, i18n.language) })}
          </span>
        )}
      </p>
      <div role="status" aria-live="polite">
        {updateError && (
          <p className="live-error">{t('hosting.live.failed', { message: errorMessage(updateError, t) })}</p>
        )}
      </div>
    </div>
  );
}
