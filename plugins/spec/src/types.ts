// A specification as the plugin reads it from specs/<id>.md.
export const STATUSES = ['draft', 'ready', 'in-progress', 'blocked', 'done'] as const
export type SpecStatus = (typeof STATUSES)[number]

export interface Criterion {
  text: string
  done: boolean
}

export interface Spec {
  id: string
  title: string
  status: SpecStatus
  priority: number
  dependencies: string[]
  tags: string[]
  /** From the frontmatter's `acceptance:` list, else the body's checkbox list (`- [ ]` / `- [x]`). */
  criteria: Criterion[]
  /** Commands that prove the spec is done. */
  validate: string[]
  /** Globs of the files this spec is about (for drift). */
  files: string[]
  /** When it was marked done (ISO date). */
  done?: string
  file: string
  body: string
}
