/** English texts of the admin invitations page (ko: invitations.ko.ts, the same keys). */
export const invitationsEn = {
  title: 'Invitations',
  subtitle: 'Single-use sign-up links, for anyone who has the link or for one email address.',
  mode: {
    invite: 'Sign-up here needs an invitation (HOSTBAY_SIGNUP=invite): each link lets one person create an account.',
    open:
      'Anyone can sign up here without an invitation (HOSTBAY_SIGNUP=open), so invitations have no effect: ' +
      'a link opens the sign-up page but is not needed and is not used up. Set HOSTBAY_SIGNUP=invite to require one.',
    domains:
      'Sign-up here is open to addresses under {{domains}} (HOSTBAY_SIGNUP=domains). An invitation lets one more ' +
      'person in from any address, such as a guest from outside, and is then used up.',
    approval:
      'New accounts here wait for an administrator’s approval (HOSTBAY_SIGNUP=approval). Someone who signs up with ' +
      'an invitation is active at once: inviting them is approving them.',
    closed:
      'Sign-up is closed here (HOSTBAY_SIGNUP=closed): nobody can sign up, not even with an invitation. Set ' +
      'HOSTBAY_SIGNUP=invite to use them.',
  },
  create: {
    title: 'New invitation',
    email: 'Email (optional)',
    emailHint: 'Only this address can sign up with the link. Leave it empty for whoever has the link.',
    expiry: 'The link works for',
    days_one: '{{count}} day',
    days_other: '{{count}} days',
    submit: 'Create invitation',
    pending: 'Creating…',
    success: 'Invitation created.',
  },
  created: {
    title: 'Invitation link',
    body: 'Send this link to the person you invite. Copy it now: it cannot be shown again.',
    link: 'Sign-up link',
    forEmail: 'Only {{email}} can sign up with it.',
    forAnyone: 'Whoever has the link can sign up with it, once.',
    until: 'It works until {{date}}.',
    copy: 'Copy link',
    copied: 'Link copied to the clipboard.',
    done: 'Done',
  },
  list: {
    caption: 'Invitations, newest first',
    heading: 'Invitations made',
    email: 'For',
    state: 'State',
    created: 'Created',
    until: 'until',
    actions: 'Actions',
    anyone: 'Anyone with the link',
    by: 'by {{name}}',
    usedBy: 'by {{name}}',
    you: 'you',
    member: 'member {{id}}',
    loading: 'Loading invitations…',
    emptyTitle: 'No invitations yet',
    emptyBody: 'Invitations you create appear here, with whether they have been used.',
  },
  state: {
    pending: 'Pending',
    used: 'Used',
    expired: 'Expired',
    revoked: 'Revoked',
  },
  revoke: {
    open: 'Revoke',
    openFor: 'Revoke the invitation for {{who}}',
    confirmTitle: 'Revoke this invitation?',
    confirmBody: 'The link for {{email}} stops working at once. This cannot be undone.',
    confirmBodyAnyone: 'The link stops working at once, for whoever has it. This cannot be undone.',
    confirm: 'Revoke invitation',
    pending: 'Revoking…',
    success: 'Invitation revoked.',
  },
};
