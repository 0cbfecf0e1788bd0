// The trees the analyzer benchmarks run on: copies of real source trees in a temp dir, prepared so that
// mmm analyze, cloc, linguist-js and the floor script all see exactly the same files.
// What the analyzer leaves out by itself is left out of the copy instead: `node_modules` directories are
// renamed to `deps` (it always skips node_modules), symbolic links are not copied (it never follows them),
// and these files are dropped: larger than 1 MB, lockfiles, minified files and source maps (its GENERATED
// list, mirrored below), .gitignore/.gitattributes (ignore rules the tools read differently).
// Every tree gets an mmm.config.json at its root; the tools exclude `.mmm` (mmm's state dir) everywhere.
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { repoRoot } from './paths.ts'

export const analyzerDir = `${repoRoot}/plugins/analyzer`
const MAX_BYTES = 1024 * 1024
// = plugins/analyzer/src/analyzeTree.ts GENERATED: files the analyzer skips by name.
const GENERATED = /(^|\/)(pnpm-lock\.yaml|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|bun\.lockb?|Cargo\.lock|poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|Gemfile\.lock|composer\.lock|go\.sum|mix\.lock|pubspec\.lock|packages\.lock\.json|flake\.lock|[^/]+\.min\.(js|css)|[^/]+\.(js|css)\.map)$/
const IGNORE_FILES = new Set(['.gitignore', '.gitattributes'])

/** One file of a source tree: where it is, where it goes in the copy (node_modules renamed), its size. */
export interface PoolFile {
  src: string
  rel: string
  size: number
}

export interface Tree {
  name: string
  dir: string
  files: number
  bytes: number
  /** How it was built, for RESULTS. */
  how: string
}

export interface SourceInfo {
  label: string
  root: string
  files: PoolFile[]
  /** Files left out of the copy, by reason. */
  dropped: Record<string, number>
}

/** The global npm package's folder: `npm root -g` of the npm on PATH, else the folder of its npm-cli.js. */
export function globalNpmDir(): string | undefined {
  const r = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' })
  const root = r.status === 0 ? r.stdout.trim() : ''
  if (root && existsSync(join(root, 'npm', 'package.json'))) return join(root, 'npm')
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim()
  if (!which) return undefined
  const dir = dirname(dirname(realpathSync(which))) // …/npm/bin/npm-cli.js → …/npm
  return existsSync(join(dir, 'package.json')) ? dir : undefined
}

/** Every file the copy of `root` will hold (sorted), or of `paths` when given (e.g. git ls-files). */
export function scanSource(label: string, root: string, paths?: string[]): SourceInfo {
  const dropped: Record<string, number> = {}
  const drop = (why: string) => void (dropped[why] = (dropped[why] ?? 0) + 1)
  const files: PoolFile[] = []
  const consider = (src: string, rel: string) => {
    const st = statSync(src, { throwIfNoEntry: false })
    const base = rel.slice(rel.lastIndexOf('/') + 1)
    if (!st?.isFile()) return drop('symbolic link or not a regular file')
    if (IGNORE_FILES.has(base)) return drop('.gitignore / .gitattributes')
    if (GENERATED.test(rel)) return drop('lockfile, minified or source map')
    if (st.size > MAX_BYTES) return drop('larger than 1 MB')
    files.push({ src, rel: rel.split('/').map((s) => (s === 'node_modules' ? 'deps' : s)).join('/'), size: st.size })
  }
  if (paths) {
    for (const p of paths) {
      const src = join(root, p)
      if (lstatSync(src, { throwIfNoEntry: false })?.isSymbolicLink() === false) consider(src, p)
      else drop('symbolic link or not a regular file')
    }
  } else {
    // Own recursion: readdir's recursive mode descends into symbolic links to directories.
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const src = join(dir, e.name)
        if (e.isDirectory()) {
          if (e.name !== '.git') walk(src)
        } else if (e.isSymbolicLink()) drop('symbolic link or not a regular file')
        else consider(src, src.slice(root.length + 1))
      }
    }
    walk(root)
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : 1))
  return { label, root, files, dropped }
}

export function gitFiles(root: string): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\0').filter(Boolean)
}

export function writeConfig(dir: string): void {
  const config = { plugins: [analyzerDir], grants: { analyzer: { fs: { read: ['**'] }, exec: ['git'] } } }
  writeFileSync(join(dir, 'mmm.config.json'), `${JSON.stringify(config, null, 2)}\n`)
}

function copyInto(dir: string, items: Array<{ src: string; rel: string }>): void {
  const made = new Set<string>()
  for (const f of items) {
    const to = join(dir, f.rel)
    const parent = dirname(to)
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true })
      made.add(parent)
    }
    copyFileSync(f.src, to)
  }
}

/** A temp dir for the benchmark trees; remove it with rmSync when done. */
export function makeWorkDir(): string {
  return mkdtempSync(join(tmpdir(), 'mmm-bench-analyzer-'))
}

/** A straight copy of one source (node_modules → deps, the drops above) plus mmm.config.json. */
export function copyTree(work: string, name: string, s: SourceInfo, how: string): Tree {
  const dir = join(work, name)
  copyInto(dir, s.files)
  writeConfig(dir)
  return { name, dir, ...countTree(dir), how }
}

/** Deterministic shuffle key of a path (FNV-1a), so every tree size samples the pool the same way. */
function key(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/** The pool of all sources in one fixed pseudo-random order. */
export function shuffledPool(sources: SourceInfo[]): Array<{ src: string; rel: string }> {
  const all = sources.flatMap((s) => s.files.map((f) => ({ src: f.src, rel: `${s.label}/${f.rel}`, k: key(`${s.label}/${f.rel}`) })))
  return all.sort((a, b) => a.k - b.k || (a.rel < b.rel ? -1 : 1)).map(({ src, rel }) => ({ src, rel }))
}

/**
 * A tree of exactly `n` files (plus mmm.config.json): the first n of the shuffled pool repeated as often
 * as needed, the k-th repetition under `rep<k>/` — every size has the same mix of files.
 */
export function replicatedTree(work: string, name: string, pool: Array<{ src: string; rel: string }>, n: number, poolNote: string): Tree {
  const dir = join(work, name)
  const items = Array.from({ length: n }, (_, i) => {
    const f = pool[i % pool.length]!
    return { src: f.src, rel: `rep${Math.floor(i / pool.length) + 1}/${f.rel}` }
  })
  copyInto(dir, items)
  writeConfig(dir)
  const reps = Math.ceil(n / pool.length)
  return { name, dir, ...countTree(dir), how: `${n} files from the shuffled pool (${poolNote}; ${pool.length} files), ${reps} repetition${reps > 1 ? 's' : ''} (rep1/ … rep${reps}/) + mmm.config.json` }
}

/** Files and bytes under dir, .mmm excluded. */
export function countTree(dir: string): { files: number; bytes: number } {
  let files = 0
  let bytes = 0
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.parentPath.split('/').includes('.mmm')) continue
    files++
    bytes += statSync(join(e.parentPath, e.name)).size
  }
  return { files, bytes }
}

export function removeWorkDir(work: string): void {
  rmSync(work, { recursive: true, force: true })
}

export function describeDropped(d: Record<string, number>): string {
  const parts = Object.entries(d).map(([k, v]) => `${v} ${k}`)
  return parts.length ? parts.join(', ') : 'none'
}
