import type { Overview } from '@hostbay/contract/admin';
import type { UserStatus } from '@hostbay/contract/user';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CountList } from './CountList';

const STATUSES: readonly UserStatus[] = ['active', 'pending', 'suspended'];

/** Members by status and the number of admins, each a link to the members page filtered to them. */
export function MembersCard({ members, admins }: Pick<Overview, 'members' | 'admins'>) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section className="card overview-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('admin.overview.members.title')}
      </h2>
      <CountList
        items={[
          ...STATUSES.map((status) => ({
            key: status,
            label: t(`admin.overview.members.${status}`),
            count: members[status],
            to: `/admin/members?status=${status}`,
            // Members waiting for approval wait for an admin.
            attention: status === 'pending',
          })),
          { key: 'admins', label: t('admin.overview.members.admins'), count: admins, to: '/admin/members?role=admin' },
        ]}
      />
      <p className="field-hint">{t('admin.overview.members.hint')}</p>
    </section>
  );
}
