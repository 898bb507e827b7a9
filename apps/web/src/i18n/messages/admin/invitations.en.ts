/** English texts of the admin invitations page (ko: invitations.ko.ts, the same keys). */
export const invitationsEn = {
  title: 'Invitations',
};
