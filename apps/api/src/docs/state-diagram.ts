import type { HostingAction, HostingStatus } from '@hostbay/contract/hosting';
import { ACTION_RULES, MOVING_STATES, TRANSITIONS } from '../modules/hosting/hosting-state.js';

/** The HTML comments that fence the generated figure in docs/architecture.md. */
export const STATE_DIAGRAM_BEGIN = '<!-- state-diagram:begin -->';
export const STATE_DIAGRAM_END = '<!-- state-diagram:end -->';

/** What the figure is drawn from: the lifecycle's own tables. */
export interface StateTable {
  transitions: Readonly<Record<HostingStatus, readonly HostingStatus[]>>;
  actions: Readonly<Record<HostingAction, { from: readonly HostingStatus[]; to: HostingStatus }>>;
  moving: ReadonlySet<HostingStatus>;
}

export const CODE_STATE_TABLE: StateTable = { transitions: TRANSITIONS, actions: ACTION_RULES, moving: MOVING_STATES };

/** A new hosting row is inserted as CREATING (hosting-creation.ts). */
const INITIAL: HostingStatus = 'CREATING';
/** Only HostingService.deleteHosting moves a hosting into DELETING, from whatever state it is in. */
const DELETE_TARGET: HostingStatus = 'DELETING';
const FAILED: HostingStatus = 'ERROR';

/**
 * Why a transition happens when no user action causes it, keyed `FROM->TO`,
 * naming the module that makes it. User actions (ACTION_RULES, and delete)
 * label themselves. A transition with neither renders bare, and the docs
 * test refuses it: a new transition in the table must say here who takes it.
 */
export const TRANSITION_CAUSES: Readonly<Record<string, string>> = {
  'CREATING->RUNNING': 'create job done',
  'CREATING->ERROR': 'create step failed, rolled back',
  'RUNNING->STOPPED': 'reconciler, VM shut off by itself (stop cause: unexpected)',
  'RUNNING->ERROR': 'reconciler, VM crashed or gone',
  'STOPPING->STOPPED': 'stop job done',
  'STOPPING->RUNNING': 'allowed, no code takes it yet',
  'STOPPING->ERROR': 'stop job failed',
  'STOPPED->RUNNING': 'reconciler, VM running',
  'STOPPED->ERROR': 'reconciler, VM gone',
  'STARTING->RUNNING': 'start job done',
  'STARTING->STOPPED': 'allowed, no code takes it yet',
  'STARTING->ERROR': 'start job failed',
  'REBOOTING->RUNNING': 'reboot job done, the site answers',
  'REBOOTING->ERROR': 'reboot job failed',
  'RUNNING->RESTORING': 'member restores a snapshot',
  'STOPPED->RESTORING': 'member restores a snapshot',
  'ERROR->RESTORING': 'member restores a snapshot',
  'RESTORING->RUNNING': 'restore job done',
  'RESTORING->ERROR': 'restore job failed',
  'DELETING->DELETED': 'delete job done',
  'DELETING->ERROR': 'delete job gave up',
};

const STYLES = [
  'classDef steady fill:#dcfce7,stroke:#15803d,color:#052e16',
  'classDef moving fill:#fef9c3,stroke:#a16207,color:#422006',
  'classDef failed fill:#fee2e2,stroke:#b91c1c,color:#450a0a',
  'classDef gone fill:#e5e7eb,stroke:#4b5563,color:#111827',
];

type Edge = { from: HostingStatus; to: HostingStatus };

function edges(table: StateTable): Edge[] {
  return (Object.keys(table.transitions) as HostingStatus[]).flatMap((from) =>
    table.transitions[from].map((to) => ({ from, to })),
  );
}

/** The user actions the API accepts in a state: ACTION_RULES, plus delete wherever DELETING is reachable. */
export function actionsIn(table: StateTable, status: HostingStatus): string[] {
  const actions = (Object.keys(table.actions) as HostingAction[]).filter((action) =>
    table.actions[action].from.includes(status),
  );
  const deletable = table.transitions[status].includes(DELETE_TARGET);
  return [...actions, ...(deletable ? ['delete'] : [])];
}

function labelOf(table: StateTable, { from, to }: Edge): string {
  const byUser: string[] = (Object.keys(table.actions) as HostingAction[]).filter(
    (action) => table.actions[action].to === to && table.actions[action].from.includes(from),
  );
  if (to === DELETE_TARGET) byUser.push('delete');
  const parts = byUser.map((action) => `user ${action}`);
  const cause = TRANSITION_CAUSES[`${from}->${to}`];
  if (cause) parts.push(cause);
  return parts.join(', ');
}

/** Transitions with no label (neither a user action nor a documented cause). */
export function unexplainedTransitions(table: StateTable = CODE_STATE_TABLE): string[] {
  return edges(table)
    .filter((edge) => labelOf(table, edge) === '')
    .map(({ from, to }) => `${from}->${to}`);
}

/** Documented causes for transitions the table no longer has. */
export function staleCauses(table: StateTable = CODE_STATE_TABLE): string[] {
  const present = new Set(edges(table).map(({ from, to }) => `${from}->${to}`));
  return Object.keys(TRANSITION_CAUSES).filter((key) => !present.has(key));
}

function classOf(table: StateTable, status: HostingStatus): string {
  if (table.transitions[status].length === 0) return 'gone';
  if (status === FAILED) return 'failed';
  return table.moving.has(status) ? 'moving' : 'steady';
}

function descriptionOf(table: StateTable, status: HostingStatus): string {
  const actions = actionsIn(table, status);
  if (actions.length > 0) return `user may ${actions.join(', ')}`;
  if (table.transitions[status].length === 0) return 'final, the user may create a new hosting';
  return 'a job is running, no user action';
}

/** The hosting state machine as a Mermaid `stateDiagram-v2`, generated from the tables in hosting-state.ts. */
export function renderStateDiagram(table: StateTable = CODE_STATE_TABLE): string {
  const statuses = Object.keys(table.transitions) as HostingStatus[];
  const lines = [
    'stateDiagram-v2',
    '    %% Generated by apps/api/src/docs/state-diagram.ts from TRANSITIONS, ACTION_RULES and MOVING_STATES',
    '    %% in apps/api/src/modules/hosting/hosting-state.ts. Do not edit; run: npm run docs:state',
    // The name and the allowed actions on two lines; a bare `NAME : text` would replace the name.
    ...statuses.map((s) => `    state "${s}<br/>${descriptionOf(table, s)}" as ${s}`),
    `    [*] --> ${INITIAL} : user creates, POST /api/v1/hosting`,
    ...edges(table).map((edge) => {
      const label = labelOf(table, edge);
      return `    ${edge.from} --> ${edge.to}${label ? ` : ${label}` : ''}`;
    }),
    ...statuses.filter((s) => table.transitions[s].length === 0).map((s) => `    ${s} --> [*]`),
    ...STYLES.map((style) => `    ${style}`),
  ];
  for (const name of ['steady', 'moving', 'failed', 'gone']) {
    const members = statuses.filter((s) => classOf(table, s) === name);
    if (members.length > 0) lines.push(`    class ${members.join(',')} ${name}`);
  }
  return lines.join('\n') + '\n';
}

/** The Mermaid source between the markers (without the code fence), or undefined when the markers are missing. */
export function extractStateDiagram(markdown: string): string | undefined {
  const begin = markdown.indexOf(STATE_DIAGRAM_BEGIN);
  const end = markdown.indexOf(STATE_DIAGRAM_END);
  if (begin < 0 || end < begin) return undefined;
  const block = markdown.slice(begin + STATE_DIAGRAM_BEGIN.length, end);
  const match = /^\s*```mermaid\n([\s\S]*?)```\s*$/.exec(block);
  return match?.[1];
}

/** The markdown with the figure between the markers replaced by `diagram`; throws when the markers are missing. */
export function embedStateDiagram(markdown: string, diagram: string): string {
  const begin = markdown.indexOf(STATE_DIAGRAM_BEGIN);
  const end = markdown.indexOf(STATE_DIAGRAM_END);
  if (begin < 0 || end < begin) {
    throw new Error(`the markdown has no ${STATE_DIAGRAM_BEGIN} ... ${STATE_DIAGRAM_END} block`);
  }
  const head = markdown.slice(0, begin + STATE_DIAGRAM_BEGIN.length);
  return `${head}\n\n\`\`\`mermaid\n${diagram}\`\`\`\n\n${markdown.slice(end)}`;
}
