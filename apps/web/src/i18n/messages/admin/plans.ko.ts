import type { Widen } from '../widen';
import type { plansEn } from './plans.en';

/** Korean texts of the admin plans page: the same keys as plans.en.ts. */
export const plansKo: Widen<typeof plansEn> = {
  title: '플랜',
};
