import type { Widen } from '../widen';
import type { overviewEn } from './overview.en';

/** Korean texts of the admin overview page: the same keys as overview.en.ts. */
export const overviewKo: Widen<typeof overviewEn> = {
  title: '개요',
};
