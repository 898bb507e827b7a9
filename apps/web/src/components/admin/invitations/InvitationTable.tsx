import type { Invitation } from '@hostbay/contract/signup';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { DataTable, type Column } from '../DataTable';

interface InvitationTableProps {
  invitations: Invitation[];
  /** Admins' usernames by id, to name who made each invitation. */
  adminNames: ReadonlyMap<string, string>;
  currentUserId: string | undefined;
  onRevoke: (invitation: Invitation) => void;
}

/** An id the API gives without a name: its first characters, enough to tell two apart. */
const shortId = (id: string) => id.slice(0, 8);

/** Whom an invitation is for: its email, or anyone who has the link. */
export function invitationAudience(invitation: Invitation, t: TFunction): string {
  return invitation.email ?? t('admin.invitations.list.anyone');
}

/**
 * Who used an invitation anyone could use. The API gives the account's id
 * only. (One bound to an email can have been used by that address alone: the
 * "For" column names them.)
 */
function usedBy(invitation: Invitation, t: TFunction): string | null {
  if (invitation.used_by === null || invitation.email !== null) return null;
  return t('admin.invitations.list.member', { id: shortId(invitation.used_by) });
}

/** A date and a time that each stay on one line, so that a narrow column breaks between them. */
function When({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  const at = new Date(iso);
  return (
    <time dateTime={iso} className="when">
      <span>{new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(at)}</span>{' '}
      <span>{new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }).format(at)}</span>
    </time>
  );
}

/** When the state began: used or revoked at; expired at; for a pending one, until when it works. */
function stateSince(invitation: Invitation): string {
  if (invitation.state === 'used' && invitation.used_at) return invitation.used_at;
  if (invitation.state === 'revoked' && invitation.revoked_at) return invitation.revoked_at;
  return invitation.expires_at;
}

/** The state with its date (the expiry lives here: it is what matters while the link can be used). */
function StateCell({ invitation }: { invitation: Invitation }) {
  const { t } = useTranslation();
  const by = usedBy(invitation, t);
  return (
    <div className="invitation-state">
      <span className={`badge invitation-badge invitation-badge-${invitation.state}`}>
        {t(`admin.invitations.state.${invitation.state}`)}
      </span>
      <span className="cell-muted">
        {invitation.state === 'pending' && `${t('admin.invitations.list.until')} `}
        <When iso={stateSince(invitation)} />
      </span>
      {by && <span className="cell-muted">{t('admin.invitations.list.usedBy', { name: by })}</span>}
    </div>
  );
}

/** The invitations as a table (cards on a phone): for whom, state and expiry, made when and by whom, revoke. */
export function InvitationTable({ invitations, adminNames, currentUserId, onRevoke }: InvitationTableProps) {
  const { t } = useTranslation();
  const creator = (id: string | null) => {
    if (id === null) return null;
    if (id === currentUserId) return t('admin.invitations.list.you');
    return adminNames.get(id) ?? shortId(id);
  };

  const columns: Column<Invitation>[] = [
    {
      key: 'email',
      header: t('admin.invitations.list.email'),
      cell: (row) => (row.email ? row.email : <span className="cell-muted">{invitationAudience(row, t)}</span>),
    },
    { key: 'state', header: t('admin.invitations.list.state'), cell: (row) => <StateCell invitation={row} /> },
    {
      key: 'created',
      header: t('admin.invitations.list.created'),
      cell: (row) => {
        const name = creator(row.created_by);
        return (
          <div className="invitation-created">
            <When iso={row.created_at} />
            {name && <span className="cell-muted">{t('admin.invitations.list.by', { name })}</span>}
          </div>
        );
      },
    },
    {
      key: 'actions',
      header: t('admin.invitations.list.actions'),
      // Only a pending invitation can be revoked; the others' cell stays empty (a phone's card leaves it out).
      cell: (row) =>
        row.state === 'pending' && (
          <div className="cell-actions">
            <Button
              variant="danger"
              icon="close"
              aria-label={t('admin.invitations.revoke.openFor', { who: invitationAudience(row, t) })}
              onClick={() => onRevoke(row)}
            >
              {t('admin.invitations.revoke.open')}
            </Button>
          </div>
        ),
    },
  ];

  return (
    <DataTable
      caption={t('admin.invitations.list.caption')}
      columns={columns}
      rows={invitations}
      rowKey={(row) => row.id}
    />
  );
}
