import type { AdminUser } from '@hostbay/contract/admin';
import type { AdminPlan } from '@hostbay/contract/plan';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../hosting/StatusBadge';
import { DataTable, type Column } from '../DataTable';
import { MemberActions } from './MemberActions';
import type { MemberDialog } from './member-actions';

interface MembersTableProps {
  members: AdminUser[];
  /** Every plan; undefined while they load. */
  plans: AdminPlan[] | undefined;
  /** The signed-in admin's id: their own row offers only what cannot lock them out. */
  selfId: string | undefined;
  onOpen: (dialog: MemberDialog, member: AdminUser) => void;
}

/** One row per member: who, role, status (with the reason of a suspension), plan, hosting, joined, actions. */
export function MembersTable({ members, plans, selfId, onOpen }: MembersTableProps) {
  const { t, i18n } = useTranslation();
  // "Nov 28, 2026" rather than the long form: the column stays narrow.
  const joined = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const planName = (planId: string | null) => {
    if (planId === null) return t('admin.members.defaultPlan');
    return plans?.find((plan) => plan.id === planId)?.name ?? t('common.none');
  };

  const columns: Column<AdminUser>[] = [
    {
      key: 'member',
      header: t('admin.members.columns.member'),
      cell: (member) => (
        <div className="member-who">
          <span className="member-name">
            {member.username}
            {member.id === selfId && <span className="member-tag">{t('admin.members.you')}</span>}
          </span>
          <span className="cell-muted">{member.email}</span>
        </div>
      ),
    },
    {
      key: 'role',
      header: t('admin.members.columns.role'),
      cell: (member) => t(member.is_admin ? 'admin.members.role.admin' : 'admin.members.role.member'),
    },
    {
      key: 'status',
      header: t('admin.members.columns.status'),
      cell: (member) => (
        <div className="member-status">
          <span className={`badge member-badge-${member.status}`}>{t(`admin.members.status.${member.status}`)}</span>
          {member.status === 'suspended' && member.status_reason && (
            <span className="cell-muted">{t('admin.members.reason', { reason: member.status_reason })}</span>
          )}
        </div>
      ),
    },
    { key: 'plan', header: t('admin.members.columns.plan'), cell: (member) => planName(member.plan_id) },
    {
      key: 'hosting',
      header: t('admin.members.columns.hosting'),
      cell: (member) =>
        member.hosting ? (
          <StatusBadge status={member.hosting.status} />
        ) : (
          <span className="cell-muted">{t('admin.members.noHosting')}</span>
        ),
    },
    {
      key: 'joined',
      header: t('admin.members.columns.joined'),
      cell: (member) => <time dateTime={member.created_at}>{joined.format(new Date(member.created_at))}</time>,
    },
    {
      key: 'actions',
      header: t('admin.members.columns.actions'),
      cell: (member) => <MemberActions member={member} self={member.id === selfId} onOpen={onOpen} />,
    },
  ];

  return (
    <div className="members-table cards-until-wide">
      <DataTable caption={t('admin.members.caption')} columns={columns} rows={members} rowKey={(member) => member.id} />
    </div>
  );
}
