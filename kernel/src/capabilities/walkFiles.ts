// The fs.walk machinery: tinyglobby for the crawl (crawlSubtrees for the usual whole-subtree request), nested
// .gitignore files honoured, node_modules and .git always skipped, symbolic links never followed.

import { existsSync } from 'node:fs'
import path from 'node:path'
import { glob } from 'tinyglobby'
import { crawlSubtrees, subtreeQuery } from './crawlSubtrees.ts'
import { loadGitignores } from './gitignoreRules.ts'

export interface WalkRequest {
  realRoot: string
  patterns: string[]
  ignore: string[]
  gitignore: boolean
  directories: boolean
  limit: number
  /** Only paths this accepts are returned (the read grant). */
  readable: (rel: string) => boolean
  signal?: AbortSignal
}

const ALWAYS_SKIPPED = ['**/node_modules', '**/node_modules/**', '**/.git', '**/.git/**']

export async function walkFiles(req: WalkRequest): Promise<string[]> {
  const common = {
    cwd: req.realRoot,
    dot: true,
    followSymbolicLinks: false,
    expandDirectories: false,
    ...(req.signal ? { signal: req.signal } : {}),
  }
  const ignore = [...ALWAYS_SKIPPED, ...req.ignore]
  const subtrees = req.directories ? undefined : subtreeQuery(req.patterns, ignore)
  const found = subtrees
    ? await crawlSubtrees(req.realRoot, subtrees, req.signal)
    : await glob(req.patterns, { ...common, ignore, onlyFiles: !req.directories })
  let ignored: ((rel: string) => boolean) | undefined
  if (req.gitignore) {
    const files = gitignoresIn(req, found) ?? (await glob(['**/.gitignore'], { ...common, ignore: ALWAYS_SKIPPED, onlyFiles: true }))
    const ig = await loadGitignores(req.realRoot, files)
    if (ig) ignored = (rel) => ig.ignores(rel)
  }
  const out: string[] = []
  for (const entry of found) {
    const isDir = entry.endsWith('/')
    const rel = (isDir ? entry.slice(0, -1) : entry).split(path.sep).join('/')
    if (rel === '' || rel === '.') continue
    if (ignored?.(isDir ? `${rel}/` : rel)) continue
    if (!req.readable(rel)) continue
    out.push(rel)
  }
  out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return out.length > req.limit ? out.slice(0, req.limit) : out
}

/**
 * The .gitignore files that matter, taken from the crawl itself when every pattern is a whole subtree (`**`,
 * `dir/**`): those found under it, plus those of the directories above it. Undefined: crawl for them.
 */
function gitignoresIn(req: WalkRequest, found: readonly string[]): string[] | undefined {
  const bases: string[] = []
  for (const p of req.patterns) {
    if (p === '**') bases.push('')
    else if (p.endsWith('/**') && !/[*?[\]{}!]/.test(p.slice(0, -3))) bases.push(p.slice(0, -3))
    else return undefined
  }
  const files = new Set<string>()
  for (const f of found) if (f === '.gitignore' || f.endsWith('/.gitignore')) files.add(f)
  for (const base of bases) {
    const parts = base === '' ? [] : base.split('/')
    // A nested repository or git worktree (a directory with its own .git) starts afresh, as in git: the
    // .gitignore files above it do not apply (a root ignoring .mmm/ must not hide .mmm/worktrees/<id>).
    let top = 0
    for (let i = parts.length; i > 0; i--) {
      if (existsSync(path.join(req.realRoot, ...parts.slice(0, i), '.git'))) {
        top = i
        break
      }
    }
    for (let i = top; i <= parts.length; i++) {
      const file = [...parts.slice(0, i), '.gitignore'].join('/')
      if (!files.has(file) && existsSync(path.join(req.realRoot, file))) files.add(file)
    }
  }
  return [...files]
}
