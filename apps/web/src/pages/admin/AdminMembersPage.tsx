import type { AdminUser } from '@hostbay/contract/admin';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { MEMBER_FILTER_NAMES, membersListQuery, type MemberFilters } from '../../api/queries/admin-members';
import { adminPlansQuery } from '../../api/queries/admin-plans';
import { ListFooter } from '../../components/admin/ListFooter';
import { ChangePlanDialog } from '../../components/admin/members/ChangePlanDialog';
import { DeleteMemberDialog } from '../../components/admin/members/DeleteMemberDialog';
import type { MemberDialog } from '../../components/admin/members/member-actions';
import { MemberFilterBar } from '../../components/admin/members/MemberFilterBar';
import { MembersTable } from '../../components/admin/members/MembersTable';
import { ResetPasswordDialog } from '../../components/admin/members/ResetPasswordDialog';
import { RoleDialog } from '../../components/admin/members/RoleDialog';
import { SuspendDialog } from '../../components/admin/members/SuspendDialog';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/PageStates';
import { selectUser, useAuthStore } from '../../stores/authStore';
import { PageHeader } from '../PageHeader';
import '../../styles/admin-members.css';

/** The filters as the URL has them, so that a filtered list survives a reload and can be linked. */
function readFilters(params: URLSearchParams): MemberFilters {
  return {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    role: params.get('role') ?? '',
    plan: params.get('plan') ?? '',
  };
}

/** Members: search and filters, the keyset list, and every action an admin takes on an account. */
export function AdminMembersPage() {
  const { t } = useTranslation();
  const self = useAuthStore(selectUser);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const [open, setOpen] = useState<{ dialog: MemberDialog; member: AdminUser } | null>(null);

  // The previous list stays on screen while a new filter's first page loads: the table does not flash.
  const list = useInfiniteQuery({ ...membersListQuery(filters), placeholderData: keepPreviousData });
  const plans = useQuery(adminPlansQuery());

  const changeFilters = useCallback(
    (change: Partial<MemberFilters>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(change)) {
            if (value) next.set(name, value);
            else next.delete(name);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const clearFilters = useCallback(
    () =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const name of MEMBER_FILTER_NAMES) next.delete(name);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const members = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some((value) => value !== '');
  const dialogMember = (dialog: MemberDialog | MemberDialog[]) =>
    open && [dialog].flat().includes(open.dialog) ? open.member : null;
  const close = useCallback(() => setOpen(null), []);

  let body;
  if (list.isPending) body = <LoadingState label={t('admin.members.loading')} />;
  else if (list.isError)
    body = <ErrorState title={t('admin.list.loadFailed')} error={list.error} onRetry={() => void list.refetch()} />;
  else if (members.length === 0)
    body = (
      <EmptyState
        title={t('admin.members.empty.title')}
        body={t(filtered ? 'admin.members.empty.filtered' : 'admin.members.empty.none')}
      />
    );
  else
    body = (
      <>
        <MembersTable
          members={members}
          plans={plans.data}
          selfId={self?.id}
          onOpen={(dialog, member) => setOpen({ dialog, member })}
        />
        <ListFooter query={list} shown={members.length} />
      </>
    );

  return (
    <>
      <PageHeader title={t('admin.members.title')} subtitle={t('admin.members.subtitle')} />
      <MemberFilterBar filters={filters} plans={plans.data} onChange={changeFilters} onClear={clearFilters} />
      <div aria-busy={list.isPlaceholderData || undefined}>{body}</div>
      <SuspendDialog member={dialogMember('suspend')} onClose={close} />
      <RoleDialog member={dialogMember(['makeAdmin', 'removeAdmin'])} onClose={close} />
      <ChangePlanDialog member={dialogMember('plan')} onClose={close} />
      <ResetPasswordDialog member={dialogMember('resetPassword')} onClose={close} />
      <DeleteMemberDialog member={dialogMember('delete')} onClose={close} />
    </>
  );
}
