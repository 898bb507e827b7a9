/** English texts of the admin audit page (ko: audit.ko.ts, the same keys). */
export const auditEn = {
  title: 'Audit log',
};
