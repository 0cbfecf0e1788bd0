// Parsers for git's machine-readable outputs.

export interface GitStatus {
  branch: string | null
  head: string | null
  clean: boolean
  files: Array<{ path: string; index: string; worktree: string }>
}

/** Porcelain v2 '.' (unmodified) is reported as ' ', like porcelain v1. */
const flag = (c: string | undefined): string => (c === undefined || c === '.' ? ' ' : c)

/** Parses `git status --porcelain=v2 --branch -z`. */
export function parseStatusV2(out: string): GitStatus {
  const records = out.split('\0')
  let branch: string | null = null
  let head: string | null = null
  const files: GitStatus['files'] = []
  for (let i = 0; i < records.length; i++) {
    const r = records[i] ?? ''
    if (r === '') continue
    if (r.startsWith('# branch.oid ')) {
      const oid = r.slice('# branch.oid '.length)
      head = oid === '(initial)' ? null : oid
    } else if (r.startsWith('# branch.head ')) {
      const h = r.slice('# branch.head '.length)
      branch = h === '(detached)' ? null : h
    } else if (r.startsWith('# ')) {
      continue
    } else if (r.startsWith('1 ')) {
      // 1 XY sub mH mI mW hH hI path
      const parts = r.split(' ')
      files.push({ path: parts.slice(8).join(' '), index: flag(parts[1]?.[0]), worktree: flag(parts[1]?.[1]) })
    } else if (r.startsWith('2 ')) {
      // 2 XY sub mH mI mW hH hI Xscore path \0 origPath
      const parts = r.split(' ')
      files.push({ path: parts.slice(9).join(' '), index: flag(parts[1]?.[0]), worktree: flag(parts[1]?.[1]) })
      i++ // the original path follows as its own record
    } else if (r.startsWith('u ')) {
      // u XY sub m1 m2 m3 mW h1 h2 h3 path
      const parts = r.split(' ')
      files.push({ path: parts.slice(10).join(' '), index: flag(parts[1]?.[0]), worktree: flag(parts[1]?.[1]) })
    } else if (r.startsWith('? ')) {
      files.push({ path: r.slice(2), index: '?', worktree: '?' })
    } else if (r.startsWith('! ')) {
      files.push({ path: r.slice(2), index: '!', worktree: '!' })
    }
  }
  return { branch, head, clean: files.length === 0, files }
}

export const LOG_FORMAT = '%H%x1f%an%x1f%aI%x1f%s%x1e'

/** Parses `git log --format=${LOG_FORMAT}`. */
export function parseLog(out: string): Array<{ sha: string; author: string; date: string; subject: string }> {
  const entries: Array<{ sha: string; author: string; date: string; subject: string }> = []
  for (const rec of out.split('\x1e')) {
    const r = rec.replace(/^\n/, '')
    if (r === '') continue
    const [sha = '', author = '', date = '', subject = ''] = r.split('\x1f')
    entries.push({ sha, author, date, subject })
  }
  return entries
}

export interface WorktreeEntry {
  path: string
  head: string | null
  branch: string | null
}

/** Parses `git worktree list --porcelain -z`. */
export function parseWorktreeList(out: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = []
  let cur: WorktreeEntry | undefined
  for (const line of out.split('\0')) {
    if (line === '') {
      if (cur) entries.push(cur)
      cur = undefined
      continue
    }
    if (line.startsWith('worktree ')) {
      if (cur) entries.push(cur)
      cur = { path: line.slice('worktree '.length), head: null, branch: null }
    } else if (cur && line.startsWith('HEAD ')) {
      cur.head = line.slice('HEAD '.length)
    } else if (cur && line.startsWith('branch ')) {
      cur.branch = line.slice('branch '.length).replace(/^refs\/heads\//, '')
    }
  }
  if (cur) entries.push(cur)
  return entries
}
