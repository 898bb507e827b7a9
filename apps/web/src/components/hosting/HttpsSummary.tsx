import type { SiteHttps } from '@hostbay/contract/tls';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';

export type HttpsTone = 'ok' | 'busy' | 'warn' | 'plain';

/** HTTPS of one name in words: a short title, the sentences that explain it, and a tone for its colour. */
export function httpsWords(
  https: SiteHttps,
  t: TFunction,
  language: string,
): { title: string; notes: string[]; tone: HttpsTone } {
  const at = (iso: string) => formatDateTime(iso, language);
  const nextTry = https.next_attempt_at ? [t('hosting.https.nextTry', { time: at(https.next_attempt_at) })] : [];
  const why = https.problem ? [t(`hosting.https.problem.${https.problem}`)] : [];
  switch (https.state) {
    case 'off':
      return { title: t('hosting.https.off'), notes: [t('hosting.https.offNote')], tone: 'plain' };
    case 'pending':
      return { title: t('hosting.https.pending'), notes: [t('hosting.https.pendingNote')], tone: 'busy' };
    case 'waiting':
      // The rate limit is the only reason to wait, and the note already says it: no "why" line.
      return { title: t('hosting.https.waiting'), notes: [t('hosting.https.waitingNote'), ...nextTry], tone: 'busy' };
    case 'valid': {
      const valid = https.expires_at ? [t('hosting.https.validUntil', { time: at(https.expires_at) })] : [];
      const notes = [t('hosting.https.validNote'), ...valid];
      if (!https.problem) return { title: t('hosting.https.valid'), notes, tone: 'ok' };
      return {
        title: t('hosting.https.valid'),
        notes: [...notes, t('hosting.https.renewFailed'), ...why, ...nextTry],
        tone: 'warn',
      };
    }
    case 'failed':
      return {
        title: t('hosting.https.failed'),
        notes: [t('hosting.https.failedNote'), ...why, ...nextTry],
        tone: 'warn',
      };
  }
}

/** The state of a name's HTTPS, for someone who has never heard of certificates. */
export function HttpsSummary({ https }: { https: SiteHttps }) {
  const { t, i18n } = useTranslation();
  const { title, notes, tone } = httpsWords(https, t, i18n.language);
  return (
    <div className={`https-summary https-${tone}`}>
      <strong className="https-title">{title}</strong>
      {notes.map((note) => (
        <span key={note} className="https-note">
          {note}
        </span>
      ))}
    </div>
  );
}
