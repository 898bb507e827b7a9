import type { CustomDomain, DomainStepName, DomainStepState } from '@hostbay/contract/tls';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../../api/errors';
import { useCheckDomain } from '../../../hooks/useDomainMutations';
import { formatDateTime } from '../../../lib/format';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Icon, type IconName } from '../../ui/Icon';
import { HttpsSummary } from '../HttpsSummary';

const STATE_ICON: Record<DomainStepState, IconName | null> = {
  pending: 'dot',
  running: null,
  done: 'check',
  failed: 'alert',
  skipped: 'dot',
};

function stepState(name: DomainStepName, state: DomainStepState, t: TFunction): string {
  // "In progress" says little about DNS: what runs is the wait for the member's own record.
  if (name === 'dns' && state === 'running') return t('domains.steps.dnsWaiting');
  return t(`domains.state.${state}`);
}

/** One domain: where it answers, its three steps, the records to set, its last DNS check, and its buttons. */
export function DomainItem({ domain, onRemove }: { domain: CustomDomain; onRemove: (domain: string) => void }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const check = useCheckDomain();
  const stateOf = (name: DomainStepName) => domain.steps.find((step) => step.name === name)?.state;
  const routed = stateOf('route') === 'done';
  const certificate = stateOf('certificate');
  // Before its DNS points here a domain's certificate is not asked for; nor when HTTPS is off.
  const showHttps = certificate === 'running' || certificate === 'done' || certificate === 'failed';

  const runCheck = () =>
    check.mutate(domain.domain, {
      onSuccess: (checked) => {
        if (checked.dns.state === 'ok') toast.success(t('domains.check.ok', { domain: checked.domain }));
        else toast.info(t('domains.check.notYet', { domain: checked.domain }));
      },
      onError: (error) => toast.error(errorMessage(error, t)),
    });

  const { dns } = domain;
  let lastCheck;
  if (dns.checked_at === null) lastCheck = t('domains.check.never');
  else {
    const time = formatDateTime(dns.checked_at, i18n.language);
    lastCheck =
      dns.found.length === 0
        ? t('domains.check.foundNothing', { time })
        : t('domains.check.found', { time, found: dns.found.join(', ') });
  }

  return (
    <article className="domain" aria-labelledby={headingId}>
      <div className="domain-head">
        <h3 className="domain-name" id={headingId}>
          {domain.domain}
        </h3>
        {routed && (
          <a className="domain-url" href={domain.url} target="_blank" rel="noopener noreferrer">
            <Icon name="external" size={16} />
            <span>
              {domain.url}
              <span className="visually-hidden"> {t('hosting.quick.openSiteHint')}</span>
            </span>
          </a>
        )}
      </div>
      <ol className="domain-steps" aria-label={t('domains.steps.label')}>
        {domain.steps.map((step) => {
          const icon = STATE_ICON[step.state];
          return (
            <li key={step.name} className={`domain-step domain-step-${step.state}`}>
              <span className="step-icon" aria-hidden="true">
                {icon ? <Icon name={icon} size={14} /> : <span className="spinner spinner-xs" />}
              </span>
              <span className="domain-step-name">{t(`domains.steps.${step.name}`)}</span>
              <span className="domain-step-state">{stepState(step.name, step.state, t)}</span>
            </li>
          );
        })}
      </ol>
      {showHttps && <HttpsSummary https={domain.https} />}
      <p className="field-hint">{lastCheck}</p>
      {/* Open until the domain points here; after that the records are only looked up now and then. */}
      <details className="dns-records" open={dns.state !== 'ok'}>
        <summary>{t('domains.records.title')}</summary>
        <p className="field-hint">{t('domains.records.hint')}</p>
        <ul className="dns-record-list">
          {domain.records.map((record) => (
            <li key={`${record.type} ${record.value}`} className="dns-record">
              <span className="dns-record-type">
                <span className="visually-hidden">{t('domains.records.type')}: </span>
                {record.type}
              </span>
              <dl>
                <div>
                  <dt>{t('domains.records.name')}</dt>
                  <dd className="with-copy">
                    <code>{record.name}</code>
                    <CopyButton
                      compact
                      text={record.name}
                      label={t('domains.records.copyName', { type: record.type })}
                    />
                  </dd>
                </div>
                <div>
                  <dt>{t('domains.records.value')}</dt>
                  <dd className="with-copy">
                    <code>{record.value}</code>
                    <CopyButton
                      compact
                      text={record.value}
                      label={t('domains.records.copyValue', { type: record.type, value: record.value })}
                    />
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      </details>
      <div className="domain-actions">
        <Button icon="refresh" pending={check.isPending} onClick={runCheck}>
          {check.isPending ? t('domains.check.pending') : t('domains.check.button')}
        </Button>
        <Button variant="danger" icon="trash" onClick={() => onRemove(domain.domain)}>
          {t('domains.remove.button')}
        </Button>
      </div>
    </article>
  );
}
