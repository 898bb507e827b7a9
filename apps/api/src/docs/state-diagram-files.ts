import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { embedStateDiagram, renderStateDiagram } from './state-diagram.js';

/** The files that carry the generated state diagram, relative to the repository root. */
export const STATE_DIAGRAM_FILES = {
  /** The figure inside the architecture page, between the state-diagram markers. */
  architecture: 'docs/architecture.md',
  /** The bare Mermaid source, for tools that render .mmd files. */
  mermaid: 'docs/state-machine.mmd',
} as const;

/** Rewrites the generated figure where it is out of date; returns the files it changed. */
export async function writeStateDiagramDocs(rootDir: string): Promise<string[]> {
  const diagram = renderStateDiagram();
  const changed: string[] = [];
  const architecture = path.join(rootDir, STATE_DIAGRAM_FILES.architecture);
  const markdown = await readFile(architecture, 'utf8');
  const updated = embedStateDiagram(markdown, diagram);
  if (updated !== markdown) {
    await writeFile(architecture, updated);
    changed.push(STATE_DIAGRAM_FILES.architecture);
  }
  const mermaid = path.join(rootDir, STATE_DIAGRAM_FILES.mermaid);
  const current = await readFile(mermaid, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (current !== diagram) {
    await writeFile(mermaid, diagram);
    changed.push(STATE_DIAGRAM_FILES.mermaid);
  }
  return changed;
}
