/** English texts of the admin hostings page (ko: hostings.ko.ts, the same keys). */
export const hostingsEn = {
  title: 'Hostings',
};
