import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTBAY_ROOT } from '../../../src/config/paths.js';
import { STATE_DIAGRAM_FILES } from '../../../src/docs/state-diagram-files.js';
import {
  CODE_STATE_TABLE,
  embedStateDiagram,
  extractStateDiagram,
  renderStateDiagram,
  staleCauses,
  STATE_DIAGRAM_BEGIN,
  STATE_DIAGRAM_END,
  unexplainedTransitions,
  type StateTable,
} from '../../../src/docs/state-diagram.js';

const REGENERATE = 'the committed figure differs from the transition table: run `npm run docs:state`';

const read = (file: string) => readFile(path.join(HOSTBAY_ROOT, file), 'utf8');

describe('the hosting state diagram in the docs', () => {
  it('in docs/architecture.md is what the transition table generates', async () => {
    const committed = extractStateDiagram(await read(STATE_DIAGRAM_FILES.architecture));
    expect(committed, `no ${STATE_DIAGRAM_BEGIN} block in docs/architecture.md`).toBeDefined();
    expect(committed, REGENERATE).toBe(renderStateDiagram());
  });

  it('in docs/state-machine.mmd is the same figure', async () => {
    expect(await read(STATE_DIAGRAM_FILES.mermaid), REGENERATE).toBe(renderStateDiagram());
  });

  it('says why every transition happens, and nothing about transitions that are gone', () => {
    expect(unexplainedTransitions()).toEqual([]);
    expect(staleCauses()).toEqual([]);
  });

  it('draws every transition of the table, and only those', () => {
    const drawn = renderStateDiagram()
      .split('\n')
      .map((line) => /^\s+([A-Z]+) --> ([A-Z]+)/.exec(line))
      .filter((match) => match !== null)
      .map((match) => `${match[1]}->${match[2]}`);
    const table = Object.entries(CODE_STATE_TABLE.transitions).flatMap(([from, tos]) =>
      tos.map((to) => `${from}->${to}`),
    );
    expect(drawn).toEqual(table);
  });

  it('changes when the table changes, so a stale figure is caught', () => {
    const changed: StateTable = {
      ...CODE_STATE_TABLE,
      transitions: { ...CODE_STATE_TABLE.transitions, ERROR: ['DELETING'] },
    };
    expect(renderStateDiagram(changed)).not.toBe(renderStateDiagram());
    expect(renderStateDiagram(changed)).not.toContain('ERROR --> STARTING');
    expect(
      unexplainedTransitions({ ...changed, transitions: { ...changed.transitions, DELETED: ['RUNNING'] } }),
    ).toEqual(['DELETED->RUNNING']);
  });

  it('is replaced between its markers, leaving the rest of the page alone', () => {
    const page = `# Title\n\n${STATE_DIAGRAM_BEGIN}\n\n\`\`\`mermaid\nold\n\`\`\`\n\n${STATE_DIAGRAM_END}\n\nAfter.\n`;
    const updated = embedStateDiagram(page, 'stateDiagram-v2\n    A --> B\n');
    expect(extractStateDiagram(updated)).toBe('stateDiagram-v2\n    A --> B\n');
    expect(updated.startsWith('# Title\n\n')).toBe(true);
    expect(updated.endsWith(`${STATE_DIAGRAM_END}\n\nAfter.\n`)).toBe(true);
    expect(embedStateDiagram(updated, 'stateDiagram-v2\n    A --> B\n')).toBe(updated);
    expect(() => embedStateDiagram('# no markers\n', 'x')).toThrow(/state-diagram:begin/);
  });
});
