/**
 * English texts of what the hosting's state means for its site (ko: hosting-states.ko.ts, the same keys): why a
 * stopped hosting is off, and the questions asked before a stop or a reboot takes the site down. Part of the
 * first screen (en.ts carries them as `hosting.lifecycle`), so that the badge and its explanation appear together.
 */
export const hostingStatesEn = {
  stopped: {
    /** The badge of a hosting that went off by itself, instead of plain "Stopped". */
    badgeUnexpected: 'Stopped unexpectedly',
    unexpectedTitle: 'Your hosting stopped unexpectedly',
    unexpectedBody:
      'Nobody stopped it from the dashboard: the machine was shut down from inside (with poweroff, say), ran out of memory, or was stopped on the server. Your files are still there. Press Start to bring your site back.',
    operatorTitle: 'An operator stopped your hosting',
    operatorBody: 'Your files are still there. Press Start when you need it again, or ask the operator why.',
  },
  rebooting:
    'Your site is down while the machine restarts, usually for about a minute. It is back once these steps are done.',
  confirmStop: {
    title: 'Stop your hosting?',
    body: 'Your site goes offline and SSH stops answering until you start it again. Your files stay as they are.',
    confirm: 'Stop hosting',
    pending: 'Stopping…',
  },
  confirmReboot: {
    title: 'Reboot your hosting?',
    body: 'Your site is down while the machine restarts, usually for about a minute. Your files stay as they are.',
    confirm: 'Reboot hosting',
    pending: 'Rebooting…',
  },
};
