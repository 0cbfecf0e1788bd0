// Path helpers and an index over the analyzed tree (POSIX, relative paths). Pure: runs inside the isolate.

/** Directory segments whose contents are never analyzed (third-party or VCS internals). */
const IGNORED_SEGMENTS = new Set(['node_modules', 'vendor', '.git', 'bower_components', '.venv', 'venv', '__pycache__', 'target', 'dist', 'build', '.next', '.nuxt', '.svelte-kit', '_build', 'deps', '.dart_tool', '.gradle', 'bin', 'obj'])

/** Segments ignored only when deciding whether an undeclared nested manifest is a project of its own. */
const NON_PROJECT_SEGMENTS = new Set(['fixtures', '__fixtures__', 'fixture', 'testdata', 'test-data', 'examples', 'example', 'samples', 'sample', 'docs', 'doc', 'third_party', 'third-party', 'external', 'templates', 'template', '__tests__', 'e2e-fixtures'])

export function basename(path: string): string {
  const i = path.lastIndexOf('/')
  return i < 0 ? path : path.slice(i + 1)
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/')
  return i < 0 ? '' : path.slice(0, i)
}

export function joinPath(dir: string, name: string): string {
  if (dir === '' || dir === '.') return name
  return `${dir}/${name}`
}

/** Normalizes "./a/b/", "a//b" → "a/b"; "." → "". */
export function normalizePath(path: string): string {
  const parts: string[] = []
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return parts.join('/')
}

export function isUnder(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`)
}

/** Path of `path` relative to `dir` (which must contain it). */
export function relativeTo(path: string, dir: string): string {
  return dir === '' ? path : path === dir ? '' : path.slice(dir.length + 1)
}

/** True when any directory segment of the path is third-party or VCS internals (node_modules, vendor, .git). */
export function isVendoredPath(path: string, segments: ReadonlySet<string> = HARD_IGNORED): boolean {
  const parts = path.split('/')
  for (let i = 0; i < parts.length - 1; i++) if (segments.has(parts[i]!)) return true
  return false
}

const HARD_IGNORED = new Set(['node_modules', 'vendor', '.git'])

/** Whether a nested directory looks like a project of its own rather than build output, fixtures or examples. */
export function isCandidateProjectDir(dir: string): boolean {
  if (dir === '') return true
  for (const part of dir.split('/')) {
    if (IGNORED_SEGMENTS.has(part) || NON_PROJECT_SEGMENTS.has(part)) return false
    if (part.startsWith('.')) return false
  }
  return true
}

/** Fast lookups over the analyzed tree. */
export interface PathIndex {
  readonly paths: readonly string[]
  has(path: string): boolean
  /** File basenames directly inside dir ('' = root). */
  filesIn(dir: string): readonly string[]
  /** Whether the directory exists (contains at least one file at any depth). */
  hasDir(dir: string): boolean
  /** Every directory of the tree ('' excluded). */
  readonly dirs: ReadonlySet<string>
}

export function buildPathIndex(paths: readonly string[]): PathIndex {
  const set = new Set<string>()
  const byDir = new Map<string, string[]>()
  const dirs = new Set<string>()
  for (const raw of paths) {
    const path = normalizePath(raw)
    if (path === '' || set.has(path)) continue
    set.add(path)
    const dir = dirname(path)
    let list = byDir.get(dir)
    if (list === undefined) byDir.set(dir, (list = []))
    list.push(basename(path))
    for (let d = dir; d !== '' && !dirs.has(d); d = dirname(d)) dirs.add(d)
  }
  return {
    paths: [...set],
    has: (p) => set.has(p),
    filesIn: (d) => byDir.get(d) ?? [],
    hasDir: (d) => d === '' || dirs.has(d),
    dirs,
  }
}

/** Nearest existing file among `names`, looking in dir and then each ancestor up to the root. */
export function findUp(index: PathIndex, dir: string, names: readonly string[]): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    for (const name of names) {
      const p = joinPath(d, name)
      if (index.has(p)) return p
    }
    if (d === '') return undefined
  }
}

/** A wrapper script (gradlew, mvnw) in dir or an ancestor, as a path runnable from dir: "./gradlew", "../gradlew". */
export function wrapperPath(index: PathIndex, dir: string, name: string): string | undefined {
  const found = findUp(index, dir, [name])
  if (found === undefined) return undefined
  const depth = (d: string): number => (d === '' ? 0 : d.split('/').length)
  const up = depth(dir) - depth(dirname(found))
  return up === 0 ? `./${name}` : `${'../'.repeat(up)}${name}`
}
