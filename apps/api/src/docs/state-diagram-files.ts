/** The files that carry the generated state diagram, relative to the repository root. */
export const STATE_DIAGRAM_FILES = {
  /** The figure inside the architecture page, between the state-diagram markers. */
  architecture: 'docs/architecture.md',
  /** The bare Mermaid source, for tools that render .mmd files. */
  mermaid: 'docs/state-machine.mmd',
} as const;
