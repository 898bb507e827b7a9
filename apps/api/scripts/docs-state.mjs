// Regenerates the hosting state diagram in docs/ from the transition table in code.
// Run from the repository root: npm run docs:state (it builds apps/api first).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HOSTBAY_ROOT } from '../dist/config/paths.js';
import { embedStateDiagram, renderStateDiagram } from '../dist/docs/state-diagram.js';
import { STATE_DIAGRAM_FILES } from '../dist/docs/state-diagram-files.js';

const diagram = renderStateDiagram();
const changed = [];
const architecture = path.join(HOSTBAY_ROOT, STATE_DIAGRAM_FILES.architecture);
const markdown = await readFile(architecture, 'utf8');
const updated = embedStateDiagram(markdown, diagram);
if (updated !== markdown) {
  await writeFile(architecture, updated);
  changed.push(STATE_DIAGRAM_FILES.architecture);
}
const mermaid = path.join(HOSTBAY_ROOT, STATE_DIAGRAM_FILES.mermaid);
const current = await readFile(mermaid, 'utf8').catch((error) => {
  if (error.code === 'ENOENT') return undefined;
  throw error;
});
if (current !== diagram) {
  await writeFile(mermaid, diagram);
  changed.push(STATE_DIAGRAM_FILES.mermaid);
}
console.log(changed.length ? `updated: ${changed.join(', ')}` : 'the state diagram in docs/ is up to date');
