// Walks the tree through the fs capability, reads files in batches, and builds the report from the
// per-file facts (languages, quality) and the manifests (project). Everything here runs in the isolate.
import type { CallContext, PluginContext } from '@mmm/kernel/plugin'
import { detectLanguage } from './languages/detectLanguage.ts'
import { isProbablyBinary } from './languages/isProbablyBinary.ts'
import { scanText } from './languages/scanText.ts'
import { analyzeProject } from './project/analyzeProject.ts'
import { isManifestFile } from './project/isManifestFile.ts'
import { analyzeFileText } from './quality/analyzeFileText.ts'
import { computeFocus } from './quality/computeFocus.ts'
import { computeHealth } from './quality/computeHealth.ts'
import { computeScore } from './quality/computeScore.ts'
import { summarizeQuality } from './quality/summarizeQuality.ts'
import { gitFacts } from './gitFacts.ts'
import { summarizeLanguages } from './summarizeLanguages.ts'
import { describeStructure } from './describeStructure.ts'
import type { AnalysisReport, SkippedFile } from './AnalysisReport.ts'
import type { FileEntry, FileFacts } from './types.ts'
import type { FactsCache } from './factsCache.ts'
import { fnv1a } from './quality/blockHashes.ts'

export interface AnalyzeOptions {
  path: string
  maxFileBytes: number
  maxFiles: number
}

// Small batches keep the kernel (reading) and the isolate (analysing) busy at the same time; the first is
// smaller still, so the analysis starts early.
const BATCH_FILES = 200
const FIRST_BATCH_FILES = 50
// Machine-written files say nothing about the code people write: left out of every count.
const GENERATED = /(^|\/)(pnpm-lock\.yaml|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|bun\.lockb?|Cargo\.lock|poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|Gemfile\.lock|composer\.lock|go\.sum|mix\.lock|pubspec\.lock|packages\.lock\.json|flake\.lock|[^/]+\.min\.(js|css)|[^/]+\.(js|css)\.map)$/
const BATCH_BYTES = 4 * 1024 * 1024

export interface TreeResult {
  report: AnalysisReport
  /** Fingerprint of the inputs: every path, size and mtime, the options and the git facts. */
  fingerprint: string
  /** The last report, returned as it was (nothing changed): facts and changed are then empty. */
  reused: boolean
  facts: FileFacts[]
  /** Paths whose facts were computed in this run. */
  changed: Set<string>
}

export async function analyzeTree(ctx: PluginContext, o: AnalyzeOptions, call: CallContext, cache?: FactsCache): Promise<TreeResult> {
  const started = Date.now()
  const base = normalizeDir(o.path, ctx.root)
  const stat = await ctx.fs.stat(base || '.')
  if (!stat) throw analyzerError('MMM_ANALYZER_NOT_FOUND', `"${o.path}" does not exist in the project; give a directory inside ${ctx.root}`)
  if (stat.type !== 'directory') throw analyzerError('MMM_ANALYZER_NOT_A_DIRECTORY', `"${o.path}" is a ${stat.type}, not a directory; give the directory that holds it`)
  call.progress(0, 3, 'listing files')
  // .mmm holds mmm's own state, never part of the project (relative to the analyzed directory, which may be a
  // worktree under .mmm/worktrees).
  const under = base ? `${base}/` : ''
  // git and the last report are asked for while the kernel walks: three round trips in the time of one.
  const gitAsked = gitFacts(ctx, base)
  cache?.prefetch()
  const walked = await ctx.fs.walk({ patterns: [`${under}**`], ignore: [`${under}.mmm/**`, `${under}**/.mmm/**`], details: true, limit: o.maxFiles + 1 })
  const truncated = walked.length > o.maxFiles
  const entries: FileEntry[] = walked.slice(0, o.maxFiles).map((e) => ({ ...e, path: base ? e.path.slice(base.length + 1) : e.path }))
  const git = await gitAsked
  const fingerprint = fingerprintOf(entries, o, truncated, git)
  const prior = await cache?.report(fingerprint)
  if (prior) {
    const report = { ...prior, generatedAt: new Date().toISOString(), durationMs: Date.now() - started, files: { ...prior.files, fromCache: prior.files.analyzed } }
    return { report, fingerprint, reused: true, facts: [], changed: new Set() }
  }
  const cached = await cache?.facts()
  const changed = new Set<string>()
  const skipped: SkippedFile[] = []
  const toRead: FileEntry[] = []
  const facts: FileFacts[] = []
  let fromCache = 0
  for (const e of entries) {
    if (e.size > o.maxFileBytes) {
      skipped.push({ path: e.path, reason: `larger than ${o.maxFileBytes} bytes` })
      continue
    }
    const hit = cached?.get(e.path)
    if (hit && hit.bytes === e.size && (hit as FileFacts & { mtimeMs?: number }).mtimeMs === e.mtimeMs && !isManifestFile(e.path)) {
      facts.push(hit)
      fromCache++
    } else toRead.push(e)
  }
  const manifests = new Map<string, string>()
  let done = 0
  const all = [...batches(toRead)]
  const read = (batch: FileEntry[] | undefined) => {
    if (!batch) return undefined
    const p = ctx.fs.readMany(batch.map((e) => (base ? `${base}/${e.path}` : e.path)))
    p.catch(() => {}) // awaited below; this only keeps an abort meanwhile from leaving it unhandled
    return p
  }
  // One batch ahead: the kernel reads the next batch while the isolate analyses this one.
  let next = read(all[0])
  for (let b = 0; b < all.length; b++) {
    const batch = all[b]!
    const texts = (await next)!
    call.signal.throwIfAborted()
    next = read(all[b + 1])
    texts.forEach((t, i) => {
      const e = batch[i]!
      if (t.content === undefined) return void skipped.push({ path: e.path, reason: t.error?.message ?? 'unreadable' })
      // Manifests are read even when generated (Gemfile.lock gives exact versions); they are not counted.
      if (isManifestFile(e.path)) manifests.set(e.path, t.content)
      const f = factsOf(e, t.content)
      if (typeof f === 'string') return void skipped.push({ path: e.path, reason: f })
      if (f) {
        facts.push(f)
        changed.add(f.path)
      }
    })
    done += batch.length
    call.progress(done, toRead.length, 'reading files')
  }
  const paths = entries.map((e) => e.path)
  const project = analyzeProject(paths, (p) => manifests.get(p))
  const quality = summarizeQuality(facts)
  const readme = facts.find((f) => /^readme(\.[a-z]+)?$/i.test(f.path))
  const health = computeHealth({ files: facts, paths, project, ...(readme ? { readmeLines: readme.code + readme.comment } : {}), ...(git ? { git } : {}) })
  const score = computeScore(health, quality)
  const focus = computeFocus(health, quality, score)
  const report: AnalysisReport = {
    version: 1,
    root: ctx.root,
    path: base || '.',
    generatedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
    files: { total: entries.length, analyzed: facts.length, fromCache, skipped, truncated },
    languages: summarizeLanguages(facts),
    project,
    structure: await describeStructure(ctx, base, paths, facts, project),
    health,
    quality,
    score,
    focus,
  }
  return { report, fingerprint, reused: false, facts, changed }
}

/** Two FNV-1a hashes over every input of a report: paths, sizes, mtimes, options, git facts. */
function fingerprintOf(entries: readonly FileEntry[], o: AnalyzeOptions, truncated: boolean, git: unknown): string {
  // The day too: the report says how many days ago the last commit was.
  const parts: string[] = [`${o.maxFileBytes}/${o.maxFiles}/${truncated}`, JSON.stringify(git ?? null), git ? new Date().toISOString().slice(0, 10) : '']
  for (const e of entries) parts.push(`${e.path}\0${e.size}\0${e.mtimeMs}`)
  const all = parts.join('\n')
  return `${fnv1a(all).toString(16)}${fnv1a(`${all.length}:${all}`).toString(16)}-${entries.length}`
}

/** Facts for one file, a reason to skip it, or undefined for a file that is not source (unknown language). */
function factsOf(e: FileEntry, text: string): FileFacts | string | undefined {
  if (GENERATED.test(e.path)) return 'generated (lockfile or minified)'
  const head = text.slice(0, 4096)
  if (isProbablyBinary(head)) return 'binary'
  const lang = detectLanguage(e.path, head)
  if (!lang) return undefined
  const { counts, lines } = scanText(text, lang, true)
  return { path: e.path, language: lang.name, bytes: e.size, mtimeMs: e.mtimeMs, ...counts, ...analyzeFileText(e.path, text, lang, lines) } as FileFacts
}

function* batches(entries: FileEntry[]): Generator<FileEntry[]> {
  let batch: FileEntry[] = []
  let bytes = 0
  let limit = FIRST_BATCH_FILES
  for (const e of entries) {
    if (batch.length >= limit || (bytes + e.size > BATCH_BYTES && batch.length > 0)) {
      limit = BATCH_FILES
      yield batch
      batch = []
      bytes = 0
    }
    batch.push(e)
    bytes += e.size
  }
  if (batch.length) yield batch
}

/** The analyzed directory relative to the project root ('' for the root); absolute paths must be inside it. */
export function normalizeDir(p: string, root: string): string {
  if (p.startsWith('/')) {
    if (p !== root && !p.startsWith(`${root}/`)) throw analyzerError('MMM_PERMISSION_DENIED', `"${p}" is outside the project (${root}); the analyzer reads only inside it`)
    p = p.slice(root.length)
  }
  const parts = p.split('/').filter((s) => s !== '' && s !== '.')
  if (parts.includes('..')) throw analyzerError('MMM_PERMISSION_DENIED', `"${p}" leaves the project; the analyzer reads only inside ${root}`)
  return parts.join('/')
}

export function analyzerError(code: string, message: string): Error {
  const e = new Error(message) as Error & { code: string }
  e.code = code
  return e
}
