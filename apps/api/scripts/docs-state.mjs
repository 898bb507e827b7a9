// Regenerates the hosting state diagram in docs/ from the transition table in code.
// Run from the repository root: npm run docs:state (it builds apps/api first).
import { HOSTBAY_ROOT } from '../dist/config/paths.js';
import { writeStateDiagramDocs } from '../dist/docs/state-diagram-files.js';

const changed = await writeStateDiagramDocs(HOSTBAY_ROOT);
console.log(changed.length ? `updated: ${changed.join(', ')}` : 'the state diagram in docs/ is up to date');
