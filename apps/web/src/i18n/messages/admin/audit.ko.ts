import type { Widen } from '../widen';
import type { auditEn } from './audit.en';

/** Korean texts of the admin audit page: the same keys as audit.en.ts. */
export const auditKo: Widen<typeof auditEn> = {
  title: '감사 로그',
};
