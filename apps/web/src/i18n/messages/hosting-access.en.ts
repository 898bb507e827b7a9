/**
 * English texts of how a member gets into their hosting (ko: hosting-access.ko.ts, the same keys): making an SSH
 * key in the create dialog, the one-time password, setting a new password, and the details card's technical
 * part. Part of the first screen (en.ts carries them as `hosting.access`): the create dialog opens from it.
 */
export const hostingAccessEn = {
  keyHelp: {
    summary: 'How do I get an SSH key?',
    make: 'Make one once, on your computer, in a terminal (Terminal on Linux and macOS, PowerShell on Windows 10 and 11):',
    files:
      'Press Enter to accept where it puts the key. It makes two files: id_ed25519, your private key, which never leaves your computer, and id_ed25519.pub, the public key to paste here.',
    showUnix: 'Show the public key on Linux and macOS (the file is ~/.ssh/id_ed25519.pub):',
    showWindows: 'On Windows (the file is C:\\Users\\<you>\\.ssh\\id_ed25519.pub):',
    copy: 'Copy command',
  },
  privateKey: {
    pem: 'This is your private key, and it was not sent: it is the secret that proves it is you. Keep it on your computer and give it to nobody, Hostbay included. Paste the public key instead: the file that ends in .pub, one line that starts with ssh-ed25519.',
    putty:
      'This is a PuTTY key file (.ppk), which holds your private key, and it was not sent. Open it in PuTTYgen and paste the text under “Public key for pasting into OpenSSH authorized_keys file” instead.',
  },
  initialPassword: {
    command: 'Log in with this command, then type the password:',
    copyCommand: 'Copy SSH command',
    commandPending: 'The command to log in appears here in a moment, once your machine has its SSH port.',
    stays:
      'This window stays open until you press “I have saved it”: the password cannot be shown again. You can set a new one later on the hosting page.',
  },
  newPassword: {
    row: 'Password',
    rowFor: {
      password: 'SSH, SFTP and the console take your password.',
      key: 'SSH and SFTP use your key; a password is for the console only.',
    },
    open: 'Set a new password',
    title: 'Set a new password',
    password:
      'Your hosting takes a password over SSH: the new password is the one ssh, scp, sftp and SFTP apps ask for, and the console’s login too. The old one stops working.',
    key: 'Your hosting lets SSH in with your key only: this password is for the console’s login prompt. SSH, scp and sftp keep using your key.',
    label: 'New password for {{user}}',
    hint: 'At least 8 characters.',
    submit: 'Set password',
    pending: 'Setting…',
    done: 'Password set for {{user}}.',
    notRunning: 'Start your hosting first: the password is set on the running machine.',
    errors: {
      console_unavailable: 'The password cannot be set now: your machine is not running.',
      guest_agent_unavailable: 'Your machine did not answer (it may still be starting). Try again in a minute.',
    },
  },
  details: {
    technical: 'Technical details',
    internalName: 'Internal name',
  },
};
