// The project's .mmm directory, made by whichever kernel part writes there first (state, grants, jobs,
// manifest cache, worktrees). It also gets a .gitignore listing what mmm generates, so `git status` stays
// clean while what people write there (workflows/, commands/, templates/) and the records a team may want
// to share (plugins.lock.json: the grants; mcp-approvals.json) stay committable. An existing .gitignore is
// never touched: edit it to commit more.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Exactly the generated paths (relative to .mmm); temp files are those of atomic writes. */
export const MMM_GITIGNORE = `# Written by mmm: the files it generates. Everything else here stays committable (workflows/, commands/, templates/, plugins.lock.json, mcp-approvals.json).
/state.db
/state.db-*
/jobs/
/cache/
/worktrees/
*.tmp
`

/** Makes <root>/.mmm (and its .gitignore when there is none); returns its path. */
export function ensureMmmDir(root: string): string {
  const dir = join(root, '.mmm')
  mkdirSync(dir, { recursive: true })
  try {
    writeFileSync(join(dir, '.gitignore'), MMM_GITIGNORE, { flag: 'wx' })
  } catch (e) {
    // EEXIST: the user's (or an earlier mmm's) file, left as it is. Anything else (a read-only
    // directory) surfaces with the write that needed the directory, which names the real problem.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return dir
  }
  return dir
}
