import type { ConsoleEndReason } from '@hostbay/contract/console';

/**
 * English texts of the machine console page (ko: machine-console.ko.ts, the same keys). Loaded with the page
 * (machine-console-messages.ts), so the first screen does not carry them.
 */
export const machineConsoleEn = {
  title: 'Console',
  subtitle: 'Your machine’s own screen, in the browser: log in here when SSH does not work.',
  back: 'Back to your hosting',
  loading: 'Loading your hosting…',
  loadFailed: 'Your hosting could not be loaded',
  noHosting: 'You have no hosting, so there is no console to open. Create a hosting first.',
  notRunning:
    'The console needs a running machine, and yours is now: {{status}}. Start it on the hosting page, then come back.',
  serialLine:
    'The console is the machine’s serial line, not a network connection: it works even when the machine’s network settings are broken or its firewall shuts SSH out.',
  loginAs: 'Log in as {{login}} with your machine’s password.',
  terminal: 'Console of {{name}}',
  state: {
    connecting: 'Connecting…',
    connected: 'Connected',
    disconnected: 'Disconnected: the connection to the server was lost.',
    failed: 'The console could not be opened: {{message}}',
  },
  connectAgain: 'Connect again',
  /** Why the server ended the console, said under the terminal. */
  ended: {
    taken_over:
      'The console was opened in another window or tab, which took it over: a hosting has one console at a time.',
    session_expired: 'Your login to Hostbay has expired. Log in again to use the console.',
    account_unavailable:
      'Your account may no longer use the console (its password changed, or it was suspended or deleted).',
    hosting_unavailable: 'Your machine stopped, or is no longer available.',
    console_failed: 'The console failed on the server. Connect again to try once more.',
    server_stopping: 'Hostbay is restarting. Connect again in a moment.',
  } satisfies Record<ConsoleEndReason, string>,
  /** The failures of this page's own calls, in words (the API's codes). */
  errors: {
    console_unavailable:
      'The console cannot be opened now: the machine is not running, or it was made before Hostbay had consoles (ask your operator).',
    console_ticket_invalid: 'The console’s ticket was no longer valid. Connect again.',
    guest_agent_unavailable:
      'Your machine did not answer (it may still be starting, or its guest agent is stopped). Try again in a minute.',
  },
  /** Keys a phone's keyboard lacks, in a row under the terminal. */
  keys: {
    label: 'Extra keys',
    esc: 'Escape',
    tab: 'Tab',
    ctrlC: 'Control C (stop the running program)',
    ctrlD: 'Control D (end of input, log out)',
    up: 'Up arrow',
    down: 'Down arrow',
    left: 'Left arrow',
    right: 'Right arrow',
  },
  password: {
    title: 'Set a console password',
    intro:
      'No password? If you made your hosting with an SSH key, the machine’s account has none to type at the console. Set one here: Hostbay sets it on the machine through its guest agent.',
    ssh: 'A hosting made with an SSH key still refuses passwords over SSH; one made with a password takes this new one there too.',
    label: 'New password for {{login}}',
    hint: 'At least 8 characters.',
    submit: 'Set password',
    pending: 'Setting…',
    done: 'Password set. Log in as {{login}} with it.',
  },
};
