/**
 * English texts of the hosting page's "Publish your site" card (ko: publish.ko.ts, the same keys). Loaded with
 * the card (publish-messages.ts), so the first screen does not carry them. The commands themselves are not
 * texts: they come from @hostbay/contract/publish-commands, the same as the welcome page and the guide.
 */
export const publishEn = {
  title: 'Publish your site',
  intro:
    'Your site is the files in {{root}} on your machine. Copy yours there from your computer with one of these commands: the site serves them at once.',
  firstPage: {
    title: 'Your first page in five minutes',
    folder:
      'On your computer, make a folder named site with a file index.html in it (one line such as <h1>Hello</h1> is enough).',
    run: 'Open a terminal in the folder that holds site and run the scp command below.',
    login: {
      password: 'Type your SSH password when it asks.',
      key: 'Your SSH key logs you in.',
    },
    open: 'Open your address:',
  },
  system: {
    label: 'Your computer',
    unix: 'Linux or macOS',
    windows: 'Windows',
  },
  terminal: {
    unix: 'Run these in Terminal.',
    windows: 'Run these in PowerShell or Command Prompt: OpenSSH (ssh, scp, sftp) is built into Windows 10 and 11.',
  },
  commands: {
    scp: {
      title: 'Copy the folder (scp)',
      note: 'Copies everything in your site folder into {{root}}; files of the same name are replaced.',
      copy: 'Copy the scp command',
    },
    sftp: {
      title: 'Upload step by step (sftp)',
      note: 'Opens a session in {{root}}: type put index.html to upload a file, put -r images for a folder, ls to see what is there, exit to leave.',
      copy: 'Copy the sftp command',
    },
    rsync: {
      title: 'Send only what changed (rsync)',
      note: 'Fastest for later updates. rsync must be on your computer too: macOS and most Linux systems have it.',
      windows: 'rsync does not come with Windows: use scp or sftp there.',
      copy: 'Copy the rsync command',
    },
  },
  copied: 'Command copied.',
  apps: {
    title: 'With an app: FileZilla, WinSCP, Cyberduck',
    intro: 'Make a new connection with these settings, then drag your files into {{root}}.',
    protocol: 'Protocol',
    host: 'Host',
    port: 'Port',
    user: 'User',
    password: 'Password',
    passwordValue: 'Your SSH password',
    key: 'Key file',
    keyValue:
      'Your private key, the file without .pub (id_ed25519). WinSCP may offer to convert it to its own format: accept.',
    folder: 'Folder',
  },
};
