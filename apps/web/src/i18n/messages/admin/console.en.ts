import { auditEn } from './audit.en';
import { backupsEn } from './backups.en';
import { hostingsEn } from './hostings.en';
import { invitationsEn } from './invitations.en';
import { membersEn } from './members.en';
import { overviewEn } from './overview.en';
import { plansEn } from './plans.en';

/** The operator console's English texts: what its pages share, then each page's own file. */
export const adminEn = {
  list: {
    shown_one: '{{count}} shown',
    shown_other: '{{count}} shown',
    more: 'Show more',
    filter: 'Filter',
    clearFilters: 'Clear filters',
    loadFailed: 'Could not load this list',
  },
  overview: overviewEn,
  members: membersEn,
  hostings: hostingsEn,
  invitations: invitationsEn,
  plans: plansEn,
  audit: auditEn,
  backups: backupsEn,
};
