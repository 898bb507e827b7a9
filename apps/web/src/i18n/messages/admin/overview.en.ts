/** English texts of the admin overview page (ko: overview.ko.ts, the same keys). */
export const overviewEn = {
  title: 'Overview',
  subtitle: 'Hostings, resources and members of this Hostbay at a glance.',
  loading: 'Loading the overview…',
  loadFailed: 'Could not load the overview',
  updated: 'Updated at {{time}}; refreshes every 30 seconds.',
  refreshFailed: 'Could not refresh ({{message}}). These figures are from {{time}}.',
  hostings: {
    title: 'Hostings by state',
    total_one: '{{count}} hosting in all',
    total_other: '{{count}} hostings in all',
    hint: 'Choose a state to see those hostings.',
  },
  resources: {
    title: 'Resources',
    hint: 'What the hostings that exist are given, against what this host has.',
    vcpus: 'vCPUs',
    memory: 'Memory',
    disk: 'Disk',
    usedOf: '{{used}} of {{total}}',
    unknown: '{{used}} allotted; the host’s size is unknown',
    over: 'More than the host has',
  },
  capacity: {
    title: 'Capacity',
    value: '{{hostings}} of {{limit}} hostings',
    hint: 'How many hostings may exist at once (HOSTBAY_CAPACITY). Beyond it, creating one is refused.',
    full: 'Full: no new hosting can be created.',
  },
  members: {
    title: 'Members',
    hint: 'Choose a status to see those members.',
    active: 'Active',
    pending: 'Waiting for approval',
    suspended: 'Suspended',
    admins: 'Administrators',
  },
};
