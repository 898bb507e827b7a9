import type { Widen } from '../widen';
import type { hostingsEn } from './hostings.en';

/** Korean texts of the admin hostings page: the same keys as hostings.en.ts. */
export const hostingsKo: Widen<typeof hostingsEn> = {
  title: '호스팅',
};
