import type { Overview } from '@hostbay/contract/admin';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { formatCount } from '../../../lib/units';

const STATES = ['valid', 'pending', 'waiting', 'failed'] as const;

/** HTTPS on this Hostbay: how certificates are obtained, how many are in each state, what expires next, what fails. */
export function TlsCard({ tls }: { tls: Overview['tls'] }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const problemsId = useId();
  const at = (iso: string) => formatDateTime(iso, i18n.language);
  return (
    <section className="card overview-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('admin.overview.tls.title')}
      </h2>
      {tls.mode === 'off' ? (
        <p>{t('admin.overview.tls.off')}</p>
      ) : (
        <>
          <p className="overview-total">
            {t(`admin.overview.tls.mode.${tls.mode === 'manual' ? 'manual' : (tls.names ?? 'per_name')}`)}
          </p>
          <h3 className="tls-subtitle">{t('admin.overview.tls.certificates')}</h3>
          <dl className="tls-counts">
            {STATES.map((state) => {
              const count = tls.certificates[state];
              const classes = ['tls-count'];
              if (count === 0) classes.push('count-zero');
              else if (state === 'failed') classes.push('count-attention');
              return (
                <div key={state} className={classes.join(' ')}>
                  <dt className="count-label">{t(`admin.overview.tls.states.${state}`)}</dt>
                  <dd className="count-value">{formatCount(count, i18n.language)}</dd>
                </div>
              );
            })}
          </dl>
          <p>
            {tls.next_expiry
              ? t('admin.overview.tls.nextExpiry', { time: at(tls.next_expiry) })
              : t('admin.overview.tls.noExpiry')}
          </p>
          <h3 className="tls-subtitle" id={problemsId}>
            {t('admin.overview.tls.problemsTitle')}
          </h3>
          {tls.problems.length === 0 ? (
            <p className="field-hint">{t('admin.overview.tls.noProblems')}</p>
          ) : (
            <ul className="tls-problems" aria-labelledby={problemsId}>
              {tls.problems.map((problem) => (
                <li key={problem.name}>
                  <strong className="tls-problem-name">{problem.name}</strong>
                  <span className="form-error">{t(`admin.overview.tls.problem.${problem.problem}`)}</span>
                  <span className="field-hint">
                    {problem.expires_at
                      ? t('admin.overview.tls.servedUntil', { time: at(problem.expires_at) })
                      : t('admin.overview.tls.noCertificate')}
                    {problem.next_attempt_at &&
                      ` ${t('admin.overview.tls.nextTry', { time: at(problem.next_attempt_at) })}`}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="field-hint">{t('admin.overview.tls.hint')}</p>
        </>
      )}
    </section>
  );
}
