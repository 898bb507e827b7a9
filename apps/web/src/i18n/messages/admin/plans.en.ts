/** English texts of the admin plans page (ko: plans.ko.ts, the same keys). */
export const plansEn = {
  title: 'Plans',
};
