/**
 * English texts of the admin audit page (ko: audit.ko.ts, the same keys). The actions and results
 * in words come from `activity.*` (the member's recent activity); only what an admin reads
 * differently is here.
 */
export const auditEn = {
  title: 'Audit log',
  subtitle: 'Who did what, newest first.',
  caption: 'Audit log entries, newest first',
  loading: 'Loading the audit log…',
  columns: {
    at: 'Time',
    actor: 'Actor',
    action: 'Action',
    target: 'Target',
    result: 'Result',
    clientIp: 'Client address',
    requestId: 'Request ID',
    detail: 'Details',
  },
  actor: {
    anonymous: 'anonymous',
    system: 'Hostbay (system)',
    cli: '{{name}} (command line)',
    filterBy: 'Show only what {{name}} did',
  },
  target: {
    kinds: {
      user: 'Member',
      hosting: 'Hosting',
      invitation: 'Invitation',
      plan: 'Plan',
      domain: 'Domain',
      snapshot: 'Snapshot',
    },
    filterBy: 'Show only entries about this {{kind}}',
  },
  /** Where the member's wording (activity.actions) would be ambiguous in a log of everyone's actions. */
  actions: {
    admin: {
      user_plan: 'Member’s plan changed',
      plan_update: 'Plan edited',
    },
  },
  /** The action filter's groups: the part of an action's name before the dot. */
  areas: {
    auth: 'Accounts',
    hosting: 'Hostings',
    admin: 'Administration',
    cli: 'Command line',
    system: 'Hostbay itself',
  },
  requestId: {
    copy: 'Copy request ID {{id}}',
    copied: 'Request ID copied.',
  },
  filters: {
    label: 'Filter the audit log',
    action: 'Action',
    result: 'Result',
    any: 'Any',
    target: 'Target ID',
    targetPlaceholder: 'An exact ID',
    targetHint: 'The exact ID of a member, hosting, invitation, plan or snapshot, or a domain name',
    since: 'From',
    until: 'To (inclusive)',
    actor: 'Actor: {{name}}',
    removeActor: 'Remove the actor filter ({{name}})',
  },
  empty: {
    title: 'No entries',
    body: 'Nothing has been recorded yet.',
    filteredBody: 'No entry matches these filters.',
  },
  export: {
    button: 'Export CSV',
    pending: 'Exporting…',
    done: 'The audit log was exported.',
    failed: 'Could not export the audit log',
  },
};
