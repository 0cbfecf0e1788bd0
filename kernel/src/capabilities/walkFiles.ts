// The fs.walk machinery: tinyglobby for the crawl, nested .gitignore files honoured, node_modules and
// .git always skipped, symbolic links never followed.

import path from 'node:path'
import { glob } from 'tinyglobby'
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
  const found = await glob(req.patterns, { ...common, ignore: [...ALWAYS_SKIPPED, ...req.ignore], onlyFiles: !req.directories })
  let ignored: ((rel: string) => boolean) | undefined
  if (req.gitignore) {
    const files = await glob(['**/.gitignore'], { ...common, ignore: ALWAYS_SKIPPED, onlyFiles: true })
    const ig = await loadGitignores(req.realRoot, files)
    ignored = (rel) => ig.ignores(rel)
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
