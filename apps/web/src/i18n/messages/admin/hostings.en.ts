/** English texts of the admin hostings page (ko: hostings.ko.ts, the same keys). */
export const hostingsEn = {
  title: 'Hostings',
  subtitle: 'Every member’s hosting. Start, stop, reboot or delete one for its owner.',
  caption: 'Hostings, newest first',
  loading: 'Loading hostings…',
  filter: {
    status: 'State',
    all: 'All states',
  },
  empty: {
    title: 'No hostings',
    all: 'No member has a hosting yet.',
    filtered: 'No hosting is in this state.',
  },
  columns: {
    owner: 'Owner',
    status: 'State',
    size: 'Size',
    ssh: 'SSH port',
    address: 'Address',
    created: 'Created',
    actions: 'Actions',
  },
  vcpus_one: '{{count}} vCPU',
  vcpus_other: '{{count}} vCPUs',
  menu: 'Actions for {{owner}}’s hosting',
  ownerSuspended: 'Owner suspended: the hosting stays stopped until they are unsuspended.',
  start: {
    done: '{{owner}}’s hosting is starting.',
  },
  stop: {
    title: 'Stop {{owner}}’s hosting?',
    body: 'The virtual machine of {{owner}} ({{email}}) shuts down. Their site and SSH stop answering until it is started again.',
    confirm: 'Stop hosting',
    pending: 'Stopping…',
    done: '{{owner}}’s hosting is stopping.',
  },
  reboot: {
    title: 'Reboot {{owner}}’s hosting?',
    body: 'The virtual machine of {{owner}} ({{email}}) restarts. Their site and SSH are away for a moment, and whatever runs on it is interrupted.',
    confirm: 'Reboot hosting',
    pending: 'Rebooting…',
    done: '{{owner}}’s hosting is rebooting.',
  },
  delete: {
    title: 'Delete {{owner}}’s hosting?',
    body: 'The virtual machine of {{owner}} ({{email}}), its disk and every file on it are removed for good. Their account stays, and they may create a new hosting. This cannot be undone.',
    confirm: 'Delete hosting',
    pending: 'Deleting…',
    done: '{{owner}}’s hosting is being deleted.',
  },
};
