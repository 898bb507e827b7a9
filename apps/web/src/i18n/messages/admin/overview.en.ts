/** English texts of the admin overview page (ko: overview.ko.ts, the same keys). */
export const overviewEn = {
  title: 'Overview',
};
