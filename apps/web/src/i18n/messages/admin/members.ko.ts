import type { Widen } from '../widen';
import type { membersEn } from './members.en';

/** Korean texts of the admin members page: the same keys as members.en.ts. */
export const membersKo: Widen<typeof membersEn> = {
  title: '회원',
};
