import type { Invitation } from '@hostbay/contract/signup';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
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
 * Who used it. The API gives the account's id only; an invitation bound to an
 * email can have been used by that address alone, so the email names them.
 */
function usedBy(invitation: Invitation, t: TFunction): string | null {
  if (invitation.used_by === null) return null;
  return invitation.email ?? t('admin.invitations.list.member', { id: shortId(invitation.used_by) });
}

function StateCell({ invitation }: { invitation: Invitation }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : null);
  const by = usedBy(invitation, t);
  const detail =
    invitation.state === 'used'
      ? [when(invitation.used_at), by && t('admin.invitations.list.usedBy', { name: by })].filter(Boolean).join(' · ')
      : invitation.state === 'revoked'
        ? when(invitation.revoked_at)
        : null;
  return (
    <div className="invitation-state">
      <span className={`badge invitation-badge invitation-badge-${invitation.state}`}>
        {t(`admin.invitations.state.${invitation.state}`)}
      </span>
      {detail && <span className="cell-muted">{detail}</span>}
    </div>
  );
}

/** The invitations as a table (cards on a phone): for whom, state, made when and by whom, expiry, revoke. */
export function InvitationTable({ invitations, adminNames, currentUserId, onRevoke }: InvitationTableProps) {
  const { t, i18n } = useTranslation();
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
            <span>{formatDateTime(row.created_at, i18n.language)}</span>
            {name && <span className="cell-muted">{t('admin.invitations.list.by', { name })}</span>}
          </div>
        );
      },
    },
    {
      key: 'expires',
      header: t('admin.invitations.list.expires'),
      cell: (row) => formatDateTime(row.expires_at, i18n.language),
    },
    {
      key: 'actions',
      header: t('admin.invitations.list.actions'),
      cell: (row) =>
        row.state === 'pending' ? (
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
        ) : (
          <span className="cell-muted">{t('common.none')}</span>
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
