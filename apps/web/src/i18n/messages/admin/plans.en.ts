/** English texts of the admin plans page (ko: plans.ko.ts, the same keys). */
export const plansEn = {
  title: 'Plans',
  subtitle: 'What a member’s hosting may have: vCPUs, memory, disk and snapshots.',
  add: 'New plan',
  howItApplies:
    'A new hosting gets its member’s plan when it is created. After a change of plan, a hosting takes the new size ' +
    'at its next start from stopped (a reboot is not enough); until then it keeps the size it has. A disk never ' +
    'shrinks: a plan with a smaller disk leaves a larger one as it is. The number of snapshots applies at once.',
  defaultNote:
    'The default plan applies to every member who is not on a named plan. It comes from the HOSTBAY_VM_VCPUS, ' +
    'HOSTBAY_VM_MEMORY_MB, HOSTBAY_VM_DISK_GB and HOSTBAY_SNAPSHOTS_PER_HOSTING settings and is read-only here.',
  list: {
    caption: 'Plans, the default plan first',
    name: 'Plan',
    vcpus: 'vCPUs',
    memory: 'Memory',
    disk: 'Disk',
    snapshots: 'Snapshots',
    members: 'Members',
    actions: 'Actions',
    defaultName: 'Default',
    fromSettings: 'From the settings · read-only',
    loading: 'Loading plans…',
    loadFailed: 'Could not load the plans',
    noNamed: 'No named plans yet: every member is on the default plan.',
  },
  form: {
    createTitle: 'New plan',
    editTitle: 'Edit the plan {{name}}',
    description: 'Members on this plan get its size at their hosting’s next start; a disk never shrinks.',
    name: 'Name',
    nameHint: 'What admins and members see, up to 64 characters.',
    vcpus: 'vCPUs',
    memory: 'Memory (MB)',
    disk: 'Disk (GB)',
    snapshots: 'Snapshots',
    snapshotsHint: 'How many snapshots of its disk a hosting may keep: {{min}} to {{max}} (0: none).',
    range: '{{min}} to {{max}}',
    nameTaken: 'Another plan has this name.',
    create: 'Create plan',
    creating: 'Creating…',
    save: 'Save changes',
    saving: 'Saving…',
    created: 'The plan {{name}} is created.',
    saved: 'The plan {{name}} is saved. Hostings on it take it at their next start.',
  },
  edit: {
    open: 'Edit',
    openFor: 'Edit the plan {{name}}',
  },
  delete: {
    open: 'Delete',
    openFor: 'Delete the plan {{name}}',
    confirmTitle: 'Delete the plan {{name}}?',
    confirmBody: 'Nobody is on it. It is removed for good.',
    confirmBodyInUse_one:
      '{{count}} member is on it: the plan cannot be deleted until they are moved to another plan on the Members page.',
    confirmBodyInUse_other:
      '{{count}} members are on it: the plan cannot be deleted until they are moved to another plan on the Members page.',
    confirm: 'Delete plan',
    pending: 'Deleting…',
    success: 'The plan {{name}} is deleted.',
    inUse_one: 'A member is still on this plan. Move them to another plan first.',
    inUse_other: '{{count}} members are still on this plan. Move them to another plan first.',
  },
};
