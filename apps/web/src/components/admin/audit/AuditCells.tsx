import type { AuditEntry, AuditResult } from '@hostbay/contract/audit';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CopyButton } from '../../ui/CopyButton';
import { Icon, type IconName } from '../../ui/Icon';
import { withAuditFilter } from './audit-filters';
import { targetKindLabel } from './audit-labels';

/** Long enough to tell entries apart at a glance; the whole id is in the title and the copy. */
const SHORT_ID = 8;

export function shortId(id: string): string {
  return id.length > SHORT_ID ? `${id.slice(0, SHORT_ID)}…` : id;
}

/** Local time to the second (an audit reads seconds); the exact instant on hover. */
export function TimeCell({ at }: { at: string }) {
  const { i18n } = useTranslation();
  const instant = new Date(at);
  // Two pieces that each stay whole: a narrow column breaks between the date and the time, not inside them.
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(instant);
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(instant);
  return (
    <time dateTime={at} title={at} className="audit-time">
      <span>{date}</span> <span>{time}</span>
    </time>
  );
}

/** A name as it may break: an email before its "@" rather than anywhere. */
function Breakable({ text }: { text: string }) {
  const at = text.indexOf('@');
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <wbr />
      {text.slice(at)}
    </>
  );
}

/** A link to this page with one more filter: it keeps the others, and is a real link (a new tab works). */
function FilterLink({
  filter,
  value,
  label,
  children,
}: {
  filter: 'actor' | 'target';
  value: string;
  label: string;
  children: string;
}) {
  const [params] = useSearchParams();
  return (
    <Link to={{ search: `?${withAuditFilter(params, filter, value).toString()}` }} title={label}>
      <Breakable text={children} />
    </Link>
  );
}

/** A member (a link that filters by them), someone not signed in, Hostbay itself, or an operator's shell. */
export function ActorCell({ actor }: { actor: AuditEntry['actor'] }) {
  const { t } = useTranslation();
  switch (actor.kind) {
    case 'user': {
      const name = actor.name ?? (actor.id ? shortId(actor.id) : t('common.none'));
      if (!actor.id) return <span>{name}</span>;
      return (
        <FilterLink filter="actor" value={actor.id} label={t('admin.audit.actor.filterBy', { name })}>
          {name}
        </FilterLink>
      );
    }
    case 'anonymous':
      return <span className="cell-muted">{t('admin.audit.actor.anonymous')}</span>;
    case 'system':
      return <span className="cell-muted">{t('admin.audit.actor.system')}</span>;
    case 'cli':
      return <span>{t('admin.audit.actor.cli', { name: actor.name ?? '?' })}</span>;
  }
}

/** What it was done to: its name (a link that filters by it) over its kind. */
export function TargetCell({ target }: { target: AuditEntry['target'] }) {
  const { t } = useTranslation();
  if (!target) return <span className="cell-muted">{t('common.none')}</span>;
  const kind = targetKindLabel(target.kind, t);
  const name = target.name ?? (target.id ? shortId(target.id) : t('common.none'));
  return (
    <span className="audit-target">
      {target.id ? (
        <FilterLink filter="target" value={target.id} label={t('admin.audit.target.filterBy', { kind })}>
          {name}
        </FilterLink>
      ) : (
        <span>{name}</span>
      )}
      <span className="cell-muted">{kind}</span>
    </span>
  );
}

/** The client's address, whole; an IPv6 one may break after a colon rather than anywhere. */
export function ClientIpCell({ ip }: { ip: string | null }) {
  const { t } = useTranslation();
  if (!ip) return <span className="cell-muted">{t('common.none')}</span>;
  const groups = ip.split(':');
  return (
    <span className="audit-ip">
      {groups.map((group, index) => (
        <Fragment key={index}>
          {group}
          {index < groups.length - 1 && (
            <>
              :<wbr />
            </>
          )}
        </Fragment>
      ))}
    </span>
  );
}

const RESULT_ICONS: Record<AuditResult, IconName> = { ok: 'check', denied: 'stop', failed: 'alert' };

/** How it ended, in a word and an icon as well as a colour. */
export function ResultBadge({ result }: { result: AuditResult }) {
  const { t } = useTranslation();
  return (
    <span className={`badge audit-result audit-result-${result}`}>
      <Icon name={RESULT_ICONS[result]} size={14} />
      {t(`activity.results.${result}`)}
    </span>
  );
}

/** The request id, short, with a button that copies all of it (to find the request in the API's log). */
export function RequestIdCell({ id }: { id: string | null }) {
  const { t } = useTranslation();
  if (!id) return <span className="cell-muted">{t('common.none')}</span>;
  return (
    <span className="audit-request-id">
      <code title={id}>{shortId(id)}</code>
      <CopyButton
        compact
        text={id}
        label={t('admin.audit.requestId.copy', { id: shortId(id) })}
        successMessage={t('admin.audit.requestId.copied')}
      />
    </span>
  );
}

function detailValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The facts the entry keeps (the HTTP status, a reason, a role), folded so that a row stays one line. */
export function DetailCell({ detail }: { detail: AuditEntry['detail'] }) {
  const { t } = useTranslation();
  const facts = Object.entries(detail ?? {});
  if (facts.length === 0) return <span className="cell-muted">{t('common.none')}</span>;
  return (
    <details className="audit-detail">
      {/* The keys say what there is to read before it is unfolded. */}
      <summary>{facts.map(([key]) => key).join(', ')}</summary>
      <dl>
        {facts.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{detailValue(value)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
