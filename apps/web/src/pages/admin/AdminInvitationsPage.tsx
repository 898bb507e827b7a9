import type { CreatedInvitation, Invitation } from '@hostbay/contract/signup';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminNamesQuery, invitationListQuery } from '../../api/queries/admin-invitations';
import { CreatedInvitationDialog } from '../../components/admin/invitations/CreatedInvitationDialog';
import { InvitationForm } from '../../components/admin/invitations/InvitationForm';
import { InvitationTable } from '../../components/admin/invitations/InvitationTable';
import { RevokeInvitationDialog } from '../../components/admin/invitations/RevokeInvitationDialog';
import { SignupModeNotice } from '../../components/admin/invitations/SignupModeNotice';
import { ListFooter } from '../../components/admin/ListFooter';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/PageStates';
import { selectUser, useAuthStore } from '../../stores/authStore';
import '../../styles/admin-invitations.css';
import { PageHeader } from '../PageHeader';

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** Invitation links: make one (its link is shown once), see every one's state, revoke the unused. */
export function AdminInvitationsPage() {
  const { t } = useTranslation();
  const listTitleId = useId();
  const user = useAuthStore(selectUser);
  const list = useInfiniteQuery(invitationListQuery());
  // Names only decorate the list: without them it shows short ids.
  const names = useQuery(adminNamesQuery());
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  const invitations = list.data?.pages.flatMap((page) => page.items) ?? [];
  let body;
  if (list.isPending) body = <LoadingState label={t('admin.invitations.list.loading')} />;
  else if (list.isError)
    body = <ErrorState title={t('admin.list.loadFailed')} error={list.error} onRetry={() => void list.refetch()} />;
  else if (invitations.length === 0)
    body = <EmptyState title={t('admin.invitations.list.emptyTitle')} body={t('admin.invitations.list.emptyBody')} />;
  else
    body = (
      <>
        <InvitationTable
          invitations={invitations}
          adminNames={names.data ?? NO_NAMES}
          currentUserId={user?.id}
          onRevoke={setRevoking}
        />
        <ListFooter query={list} shown={invitations.length} />
      </>
    );

  return (
    <>
      <PageHeader title={t('admin.invitations.title')} subtitle={t('admin.invitations.subtitle')} />
      <SignupModeNotice />
      <div className="invitations-layout">
        <InvitationForm onCreated={setCreated} />
        <section aria-labelledby={listTitleId}>
          <h2 className="invitations-list-title" id={listTitleId}>
            {t('admin.invitations.list.heading')}
          </h2>
          {body}
        </section>
      </div>
      <CreatedInvitationDialog invitation={created} onDismiss={() => setCreated(null)} />
      <RevokeInvitationDialog invitation={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
