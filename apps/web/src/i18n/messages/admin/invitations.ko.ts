import type { Widen } from '../widen';
import type { invitationsEn } from './invitations.en';

/** Korean texts of the admin invitations page: the same keys as invitations.en.ts. */
export const invitationsKo: Widen<typeof invitationsEn> = {
  title: '초대',
};
