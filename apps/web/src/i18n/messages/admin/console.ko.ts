import type { Widen } from '../widen';
import { auditKo } from './audit.ko';
import { backupsKo } from './backups.ko';
import type { adminEn } from './console.en';
import { hostingsKo } from './hostings.ko';
import { invitationsKo } from './invitations.ko';
import { membersKo } from './members.ko';
import { overviewKo } from './overview.ko';
import { plansKo } from './plans.ko';

/** The operator console's Korean texts: the same keys as console.en.ts. */
export const adminKo: Widen<typeof adminEn> = {
  list: {
    shown_one: '{{count}}개 표시',
    shown_other: '{{count}}개 표시',
    more: '더 보기',
    filter: '필터',
    clearFilters: '필터 지우기',
    loadFailed: '목록을 불러오지 못했습니다',
  },
  overview: overviewKo,
  members: membersKo,
  hostings: hostingsKo,
  invitations: invitationsKo,
  plans: plansKo,
  audit: auditKo,
  backups: backupsKo,
};
