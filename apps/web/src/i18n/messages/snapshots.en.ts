/**
 * English texts of the hosting page's snapshots card (ko: snapshots.ko.ts, the same keys). Loaded with
 * the card (snapshot-messages.ts), so the first screen does not carry them.
 */
export const snapshotsEn = {
  title: 'Snapshots',
  intro:
    'A snapshot is a copy of your machine’s disk at one moment: restoring it puts the disk back as it was then and restarts the machine, and files written after the snapshot are lost.',
  loading: 'Loading your snapshots…',
  loadFailed: 'Your snapshots could not be loaded',
  empty: 'No snapshots yet.',
  listLabel: 'Your snapshots, newest first',
  take: {
    label: 'Snapshot name',
    placeholder: 'before the theme change',
    hint: 'A name to recognise it by later.',
    submit: 'Take snapshot',
    pending: 'Starting…',
    done: 'Taking the snapshot “{{name}}”. This takes a few seconds.',
  },
  /** Why the form is off: said next to it, and read with the button. */
  refusal: {
    noneInPlan: 'Your plan includes no snapshots.',
    limit: '{{kept}} of {{limit}} kept; delete one to take another.',
    busy: 'A snapshot is being taken; wait until it is finished.',
    state: 'A snapshot can be taken while your hosting is running or stopped.',
  },
  item: {
    created: 'Taken',
    size: 'Size',
    state: 'State',
    creating: 'Taking…',
    ready: 'Ready',
    failed: 'Failed',
    failedBecause: 'Failed: {{problem}}',
    takenWhileRunning: 'Taken while the machine was running: its files were held still for a moment for the copy.',
    unknownSize: '—',
  },
  restore: {
    button: 'Restore',
    buttonFor: 'Restore {{name}}',
    title: 'Restore “{{name}}”?',
    body: 'Your machine is stopped, its disk is put back as it was when this snapshot was taken ({{time}}), and it starts again. Every change made since then is lost.',
    confirm: 'Restore snapshot',
    pending: 'Restoring…',
    done: 'Restoring “{{name}}”. Your machine restarts in a minute.',
  },
  delete: {
    button: 'Delete',
    buttonFor: 'Delete {{name}}',
    title: 'Delete “{{name}}”?',
    body: 'The snapshot is removed for good. Your machine and its files stay as they are.',
    confirm: 'Delete snapshot',
    pending: 'Deleting…',
    done: 'The snapshot “{{name}}” was deleted.',
  },
};
