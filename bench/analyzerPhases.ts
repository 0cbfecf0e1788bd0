// Where `mmm analyze` spends its time and memory, without changing the kernel or the plugin:
//  - phasesOf: the IPC trace of one cold run (analyzerTrace.ts) cut into phases: kernel start, plugin host
//    start, each capability call served by the kernel, and the gaps in between, which are the host and the
//    isolate at work (receiving the answer, copying it into the isolate, parsing it, analysing the files);
//  - replayAnalysis: the plugin's per-file functions (imported from plugins/analyzer/src) run on the same
//    files in plain Node, plus the JSON round trips a readMany answer makes, to split that gap;
//  - copyExperiment: analyzerCopyChild.ts, the host's way of handing answers to the isolate, replayed.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { countLines } from '../plugins/analyzer/src/languages/countLines.ts'
import { detectLanguage } from '../plugins/analyzer/src/languages/detectLanguage.ts'
import { isProbablyBinary } from '../plugins/analyzer/src/languages/isProbablyBinary.ts'
import { analyzeFileText } from '../plugins/analyzer/src/quality/analyzeFileText.ts'
import { repoRoot } from './paths.ts'
import type { TraceEvent } from './analyzerTrace.ts'

export interface Phase {
  name: string
  ms: number
  note?: string
}

const CAP_LABEL: Record<string, string> = {
  'fs.walk': 'kernel: fs.walk (tinyglobby crawl, .gitignore rules, size + mtime of every file)',
  'fs.readMany': 'kernel: fs.readMany batches (realpath + grant + stat + open/read/close per file, JSON envelope, IPC send)',
  'state.get': 'kernel: state.get / state.set (the per-file cache: JSON, SQLite)',
  'state.set': 'kernel: state.get / state.set (the per-file cache: JSON, SQLite)',
}

const ORDER = ['call starts', 'fs.walk', 'fs.readMany', 'after each batch', 'other capability', 'git facts', 'state.get', 'per-file cache']
const order = (name: string) => {
  const i = ORDER.findIndex((k) => name.includes(k))
  return i === -1 ? ORDER.length : i
}

/** Phases of one traced run; `exitAt` and every `at` are ms since the CLI process started. */
export function phasesOf(trace: { exitAt: number; events: TraceEvent[] }): { phases: Phase[]; batches: number; readBytes: number; cacheBytes: number } {
  const ev = trace.events
  const fork = ev.find((e) => e.t === 'fork')
  const loaded = ev.find((e) => e.t === 'loaded')
  const invoke = ev.find((e) => e.t === 'invoke')
  const result = ev.find((e) => e.t === 'result')
  if (!fork || !loaded || !invoke || !result) throw new Error('incomplete trace (did the run fail?)')
  const sums = new Map<string, number>()
  const add = (k: string, v: number) => sums.set(k, (sums.get(k) ?? 0) + v)
  let batches = 0
  let readBytes = 0
  let cacheBytes = 0
  let gapFrom = invoke.at
  let gapLabel = 'host + isolate: the call starts (stat of the path)'
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i]!
    if (e.at < invoke.at || e.at > result.at || e.dir !== 'from-host' || e.t !== 'cap') continue
    const answer = ev.slice(i + 1).find((x) => x.dir === 'to-host' && x.t === 'cap-result')
    if (!answer) break
    add(gapLabel, e.at - gapFrom)
    add(CAP_LABEL[e.method ?? ''] ?? 'kernel: other capability calls (fs.stat, fs.list, exec.run git)', answer.at - e.at)
    if (e.method === 'fs.readMany') {
      batches++
      readBytes += answer.bytes
    }
    if (e.method === 'state.set') cacheBytes += e.bytes
    gapFrom = answer.at
    gapLabel =
      e.method === 'fs.readMany'
        ? 'host + isolate after each batch: IPC receive, copy into the isolate, JSON.parse, per-file analysis'
        : e.method?.startsWith('state.')
          ? 'host + isolate: the per-file cache (facts → JSON shards of 1500 files)'
          : 'host + isolate: git facts, project, structure, health, quality, score, focus'
  }
  add(gapLabel, result.at - gapFrom)
  const phases: Phase[] = [
    { name: 'CLI start until the plugin host is forked (Node, kernel, config, state, grants)', ms: fork.at },
    { name: 'plugin host start + load (fork, isolate, bundle, setup)', ms: loaded.at - fork.at },
    { name: 'until the analyze call is sent', ms: invoke.at - loaded.at },
    ...[...sums].sort((a, b) => order(a[0]) - order(b[0])).map(([name, ms]) => ({ name, ms })),
    { name: 'result → exit (JSON output, shutdown)', ms: trace.exitAt - result.at },
  ]
  return { phases, batches, readBytes, cacheBytes }
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>
  samples: number[]
  timeDeltas: number[]
}

/** The functions with the most self time in the CLI's --cpu-prof profile(s) in dir (idle left out). */
export function topSelfTime(dir: string, n: number): { totalMs: number; idleMs: number; top: Array<[string, number]> } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  const self = new Map<string, number>()
  let total = 0
  let idle = 0
  for (const f of files) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile
    const frame = new Map(p.nodes.map((x) => [x.id, x.callFrame]))
    p.samples.forEach((id, i) => {
      const dt = (p.timeDeltas[i] ?? 0) / 1000
      const c = frame.get(id)!
      total += dt
      if (c.functionName === '(idle)') return void (idle += dt)
      const where = c.url ? ` (${c.url.replace(/^.*\//, '')})` : ''
      const k = `${c.functionName || '(anonymous)'}${where}`
      self.set(k, (self.get(k) ?? 0) + dt)
    })
  }
  return { totalMs: total, idleMs: idle, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, n) }
}

export interface ReplayResult {
  files: number
  bytes: number
  /** ms per step, summed over the files (second of two passes: JIT warm). */
  steps: Array<[string, number]>
}

/** The plugin's per-file work on every file of dir, in this process (plain Node, no isolate, no IPC). */
export function replayAnalysis(dir: string): ReplayResult {
  const files: Array<{ rel: string; text: string }> = []
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.parentPath.split('/').includes('.mmm')) continue
    const p = join(e.parentPath, e.name)
    files.push({ rel: p.slice(dir.length + 1), text: readFileSync(p, 'utf8') })
  }
  let t = { binary: 0, detect: 0, count: 0, quality: 0, json: 0 }
  for (let pass = 0; pass < 2; pass++) {
    t = { binary: 0, detect: 0, count: 0, quality: 0, json: 0 }
    for (const f of files) {
      let t0 = performance.now()
      const head = f.text.slice(0, 4096)
      const binary = isProbablyBinary(head)
      t.binary += performance.now() - t0
      if (binary) continue
      t0 = performance.now()
      const lang = detectLanguage(f.rel, head)
      t.detect += performance.now() - t0
      if (!lang) continue
      t0 = performance.now()
      countLines(f.text, lang)
      t.count += performance.now() - t0
      t0 = performance.now()
      analyzeFileText(f.rel, f.text, lang)
      t.quality += performance.now() - t0
    }
    // A readMany answer is JSON-encoded twice (CapGate envelope, then the IPC message) and decoded twice
    // (host IPC, then JSON.parse in the isolate).
    const t0 = performance.now()
    for (let i = 0; i < files.length; i += 400) {
      const envelope = JSON.stringify({ ok: true, value: files.slice(i, i + 400).map((f) => ({ path: f.rel, content: f.text })) })
      const message = JSON.stringify({ t: 'cap-result', reqId: i, result: envelope })
      JSON.parse((JSON.parse(message) as { result: string }).result)
    }
    t.json = performance.now() - t0
  }
  return {
    files: files.length,
    bytes: files.reduce((a, f) => a + f.text.length, 0),
    steps: [
      ['isProbablyBinary (first 4 KB)', t.binary],
      ['detectLanguage', t.detect],
      ['countLines (code/comment/blank)', t.count],
      ['analyzeFileText (quality: second lexing pass, functions, smells, block hashes)', t.quality],
      ['JSON of the readMany answers: 2× stringify + 2× parse', t.json],
    ],
  }
}

export interface CopyExperiment {
  calls: number
  mb: number
  rows: Array<{ mode: string; rssBefore: number; rssAfter: number; ms: number }>
}

/** analyzerCopyChild.ts in fresh processes: RSS after `calls` answers of ~`mb` MB handed to an isolate. */
export function copyExperiment(dir: string, calls: number): CopyExperiment {
  const child = `${repoRoot}/bench/analyzerCopyChild.ts`
  const rows: CopyExperiment['rows'] = []
  let mb = 0
  const modes: Array<[string, boolean]> = [
    ['the host never collects (pluginHost.ts before its gc() hint)', false],
    ['the host calls gc() every 10 answers (pluginHost.ts now: after every 16 MB of answers)', true],
  ]
  for (const [mode, gc] of modes) {
    const r = spawnSync(process.execPath, ['--no-node-snapshot', ...(gc ? ['--expose-gc'] : []), child, dir, String(calls), gc ? 'gc' : ''], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`analyzerCopyChild failed: ${r.stderr}`)
    const out = JSON.parse(r.stdout) as { rssBefore: number; rssAfter: number; ms: number; mb: number }
    mb = out.mb
    rows.push({ mode, rssBefore: out.rssBefore, rssAfter: out.rssAfter, ms: out.ms })
  }
  return { calls, mb, rows }
}
