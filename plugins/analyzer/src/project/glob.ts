// Expands workspace globs ("packages/*", "crates/**", "apps/web") against the indexed tree.
import { joinPath, normalizePath, type PathIndex } from './paths.ts'

function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        re += '(?:[^/]+/)*'
        i += 2
      } else {
        re += '.*'
        i += 1
      }
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/**
 * Directories under `base` matching the patterns ("!pattern" excludes). With `requireFile`, only directories
 * holding that file (e.g. package.json) count. Results are relative to the tree root, sorted.
 */
export function expandGlobs(index: PathIndex, base: string, patterns: readonly string[], requireFile?: string): string[] {
  const include: RegExp[] = []
  const exclude: RegExp[] = []
  const literal: string[] = []
  for (const raw of patterns) {
    const negated = raw.startsWith('!')
    const pattern = normalizePath(joinPath(base, normalizePath(negated ? raw.slice(1) : raw)))
    if (!negated && !/[*?]/.test(pattern)) literal.push(pattern)
    else (negated ? exclude : include).push(globToRegExp(pattern))
  }
  const out = new Set<string>()
  const accept = (d: string): boolean => (requireFile === undefined ? index.hasDir(d) : index.has(joinPath(d, requireFile))) && !exclude.some((re) => re.test(d))
  for (const d of literal) if (accept(d)) out.add(d)
  if (include.length > 0) {
    for (const d of index.dirs) {
      if (d.split('/').includes('node_modules')) continue
      if (include.some((re) => re.test(d)) && accept(d)) out.add(d)
    }
  }
  return [...out].sort()
}
