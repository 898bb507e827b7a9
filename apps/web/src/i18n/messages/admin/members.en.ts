/** English texts of the admin members page (ko: members.ko.ts, the same keys). */
export const membersEn = {
  title: 'Members',
};
