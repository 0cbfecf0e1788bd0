// Matching root-relative POSIX paths against granted globs (picomatch, dot: true), plus the paths no
// grant opens for writing: the kernel's own files and git's internals.

import picomatch from 'picomatch'

export interface GlobGrant {
  /** Whether the path itself matches a granted glob. */
  matches(rel: string): boolean
  /** Whether a directory may be listed: it matches, or a granted glob reaches inside it. */
  reachesInto(dir: string): boolean
  readonly empty: boolean
}

export function compileGrant(globs: readonly string[] | undefined): GlobGrant {
  const valid: string[] = []
  const matchers: Array<(p: string) => boolean> = []
  const bases: string[] = []
  for (const g of globs ?? []) {
    if (typeof g !== 'string' || g.length === 0) continue
    try {
      matchers.push(picomatch(g, { dot: true }))
      bases.push(picomatch.scan(g).base.replace(/^\.\//, '').replace(/\/+$/, ''))
      valid.push(g)
    } catch {
      // a malformed glob grants nothing
    }
  }
  // "**" (the usual read grant) matches every path picomatch would, without running it per walked file.
  const matches = valid.includes('**')
    ? (rel: string): boolean => rel !== '' && !DOT_SEGMENT.test(rel)
    : (rel: string): boolean => rel !== '' && matchers.some((m) => m(rel))
  return {
    empty: valid.length === 0,
    matches,
    reachesInto: (dir: string): boolean => {
      if (valid.length === 0) return false
      if (dir === '') return true
      if (matches(dir) || matches(`${dir}/`)) return true
      // the glob's static base lies inside dir (src/a/** reaches into src), or dir lies inside a dynamic glob's base
      return bases.some((b, i) => b === dir || b.startsWith(`${dir}/`) || ((b === '' || dir.startsWith(`${b}/`)) && isDynamic(valid[i] ?? '')))
    },
  }
}

/** A "." or ".." path segment, which picomatch never matches, even with dot: true. */
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/

function isDynamic(g: string): boolean {
  return picomatch.scan(g).isGlob
}

// The grant lockfile, the state database and the manifest cache (which says what tools a plugin registered).
const KERNEL_FILES = picomatch(['.mmm/plugins.lock.json', '.mmm/plugins.lock.json.*', '.mmm/state.db*', '.mmm/cache', '.mmm/cache/**'], { dot: true })

/** The kernel's own files: never writable by a plugin. */
export function isKernelOwned(rel: string): boolean {
  return rel !== '' && KERNEL_FILES(rel)
}

/** Whether a path is (inside) a `.git` directory or file, at any depth. */
export function isGitInternal(rel: string): boolean {
  return rel.split('/').includes('.git')
}

/** Globs that explicitly open git internals: those naming `.git/` themselves. */
export function gitOpeningGlobs(globs: readonly string[] | undefined): string[] {
  return (globs ?? []).filter((g) => typeof g === 'string' && (g.startsWith('.git/') || g.includes('/.git/')))
}
