import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../../api/errors';
import { DOMAINS_POLL_MS, isUnfinished, myDomainsQuery } from '../../../api/queries/domains';
import { useRemoveDomain } from '../../../hooks/useDomainMutations';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { AddDomainForm } from './AddDomainForm';
import { DomainItem } from './DomainItem';
import '../../../styles/domains.css';

/**
 * The member's own domains for their hosting: each with the DNS records to set and how far it is,
 * a form to add one, and removal after a confirmation. The list asks again every few seconds
 * while a domain is on its way, and not at all once every one is finished.
 */
export function DomainsCard() {
  const { t } = useTranslation();
  const titleId = useId();
  const query = useQuery({
    ...myDomainsQuery(),
    refetchInterval: (q) => (q.state.data?.items.some(isUnfinished) ? DOMAINS_POLL_MS : false),
  });
  const remove = useRemoveDomain();
  // Kept apart from `open`: the dialog still names the domain while it closes.
  const [target, setTarget] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const confirmRemove = () => {
    if (target === null) return;
    remove.mutate(target, {
      onSuccess: () => toast.success(t('domains.remove.done', { domain: target })),
      onError: (error) => toast.error(errorMessage(error, t)),
      onSettled: () => setConfirming(false),
    });
  };

  // HOSTBAY_DOMAINS_PER_HOSTING=0: this Hostbay takes no members' domains, and none are left to show.
  if (query.data && query.data.limit === 0 && query.data.items.length === 0) return null;

  let body;
  if (query.isPending)
    body = (
      <p className="field-hint" role="status">
        {t('domains.loading')}
      </p>
    );
  else if (query.isError)
    body = (
      <div className="domains-error" role="alert">
        <p className="form-error">
          {t('domains.loadFailed')}: {errorMessage(query.error, t)}
        </p>
        <Button icon="refresh" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  else {
    const { items, limit } = query.data;
    body = (
      <>
        {items.length === 0 ? (
          <p className="field-hint">{t('domains.empty')}</p>
        ) : (
          <ul className="domain-list">
            {items.map((domain) => (
              <li key={domain.domain}>
                <DomainItem
                  domain={domain}
                  onRemove={(name) => {
                    setTarget(name);
                    setConfirming(true);
                  }}
                />
              </li>
            ))}
          </ul>
        )}
        <AddDomainForm atLimit={items.length >= limit} limit={limit} />
      </>
    );
  }

  return (
    <section className="card domains-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('domains.title')}
      </h2>
      <p className="field-hint">{t('domains.intro')}</p>
      {body}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t('domains.remove.title', { domain: target ?? '' })}
        description={t('domains.remove.body')}
        confirmLabel={t('domains.remove.confirm')}
        pendingLabel={t('domains.remove.pending')}
        pending={remove.isPending}
        onConfirm={confirmRemove}
      />
    </section>
  );
}
