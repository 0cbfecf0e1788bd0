// Running the tools the analyzer benchmarks compare, on one tree: the commands, interleaved hyperfine runs,
// and single runs with the process tree's memory sampled from /proc (and optionally the IPC trace).
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from './paths.ts'
import { descendants, hasProc, memOf } from './procfs.ts'

// What users run (./mmm and the installed mmm): kernel/bin/mmm.js, which starts the built CLI with Node's compile cache on.
export const builtCli = `${repoRoot}/kernel/bin/mmm.js`
export const floorScript = `${repoRoot}/bench/floorLineCount.ts`
export const traceHook = `${repoRoot}/bench/analyzerTrace.ts`
const linguistBin = `${repoRoot}/node_modules/linguist-js/bin/index.js`

export type ToolKey = 'cold' | 'warm' | 'cloc' | 'linguist' | 'floor'
export interface ToolCmd {
  key: ToolKey
  label: string
  argv: string[]
}

export const hasLinguist = existsSync(linguistBin)
export const clocVersion = spawnSync('cloc', ['--version'], { encoding: 'utf8' }).stdout?.trim() || undefined
export const hyperfineVersion = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' }).stdout?.trim() || undefined
export const linguistVersion = hasLinguist ? (JSON.parse(readFileSync(`${repoRoot}/node_modules/linguist-js/package.json`, 'utf8')) as { version: string }).version : undefined

/** Every command runs with cwd = the tree root and its output thrown away. */
export function toolCommands(keys: readonly ToolKey[]): ToolCmd[] {
  const node = process.execPath
  const all: ToolCmd[] = [
    { key: 'cold', label: 'mmm analyze, cold (`--refresh`)', argv: [node, builtCli, 'analyze', '--refresh', '--json'] },
    { key: 'warm', label: 'mmm analyze, warm (nothing changed since the last run)', argv: [node, builtCli, 'analyze', '--json'] },
    { key: 'cloc', label: `cloc ${clocVersion ?? '(missing)'}`, argv: ['cloc', '--quiet', '--exclude-dir=.mmm', '.'] },
    { key: 'linguist', label: `linguist-js ${linguistVersion ?? '(missing)'}`, argv: [node, linguistBin, '--analyse', '.', '--offline', '--keepVendored', '--ignoredFiles', '.mmm'] },
    { key: 'floor', label: 'floor: bench/floorLineCount.ts', argv: [node, floorScript, '.'] },
  ]
  return all.filter((c) => keys.includes(c.key) && (c.key !== 'cloc' || clocVersion) && (c.key !== 'linguist' || hasLinguist))
}

const BUILT = [`${repoRoot}/kernel/dist/mmm.js`, `${repoRoot}/kernel/dist/pluginHost.js`, `${repoRoot}/plugins/analyzer/dist/plugin.js`]

/** The built files' mtimes: compared at the end, a change means the run mixed two builds. */
export function buildStamp(): string {
  return BUILT.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)).join(',')
}

/** Whether the built CLI and the built analyzer are at least as new as their sources (else say which is older). */
export function buildNote(): string {
  const newest = (dir: string) => {
    let t = 0
    for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs)
    return t
  }
  const stale = [
    [`${repoRoot}/kernel/dist/mmm.js`, `${repoRoot}/kernel/src`],
    [`${repoRoot}/plugins/analyzer/dist/plugin.js`, `${repoRoot}/plugins/analyzer/src`],
  ].filter(([built, src]) => !existsSync(built!) || statSync(built!).mtimeMs < newest(src!))
  return stale.length ? `**${stale.map(([b]) => b!.replace(`${repoRoot}/`, '')).join(' and ')} older than the sources** (run \`pnpm build\` first)` : 'kernel/dist and plugins/analyzer/dist newer than their sources'
}

export function display(argv: string[]): string {
  return argv.map((a) => a.replace(process.execPath, 'node').replace(`${repoRoot}/`, '')).join(' ')
}

/**
 * Before measuring: `mmm tools` (creates .mmm: state.db, grants, manifest cache). The tree's files were
 * just written, so they are in the page cache already.
 */
export function prime(dir: string): void {
  const argv = [process.execPath, builtCli, 'tools']
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`${display(argv)} failed in ${dir}: ${r.stderr}`)
}

export interface Mem {
  /** Peak RSS (VmHWM) of the command's own process. */
  selfPeak: number
  /** Sum over its descendants (plugin host, git) of each one's peak RSS. */
  childPeaks: number
  children: number
  /** Highest sum of VmRSS over the command's process tree at one sample. */
  treePeak: number
}

/**
 * Samples the process tree of a command every `everyMs`: the command is `root` itself, or (under
 * hyperfine) root's child. VmHWM is the kernel's own per-process peak, exact as long as a process is
 * seen once before it exits; the tree sum is only as good as the sampling rate.
 */
function sampleCommand(root: number, commandIsChild: boolean, everyMs = 25): { stop: () => Mem } {
  const peaks = new Map<number, number>()
  let cmd = commandIsChild ? undefined : root
  let selfPeak = 0
  let treePeak = 0
  const tick = () => {
    if (!hasProc) return
    const all = descendants(root)
    cmd ??= all.find((d) => d.ppid === root)?.pid
    if (cmd === undefined) return
    const self = memOf(cmd)
    if (!self || !Number.isFinite(self.rss)) return
    selfPeak = Math.max(selfPeak, self.hwm)
    let sum = self.rss
    const below = new Set([cmd])
    for (const d of all) {
      if (!below.has(d.ppid)) continue // descendants() lists parents before children
      below.add(d.pid)
      const m = memOf(d.pid)
      if (!m || !Number.isFinite(m.rss)) continue // zombies have no VmRSS
      sum += m.rss
      peaks.set(d.pid, Math.max(peaks.get(d.pid) ?? 0, m.hwm))
    }
    treePeak = Math.max(treePeak, sum)
  }
  const timer = setInterval(tick, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return { selfPeak, childPeaks: [...peaks.values()].reduce((a, b) => a + b, 0), children: peaks.size, treePeak }
    },
  }
}

/** One timed run of argv by hyperfine (-N, one run, no warm-up), its process tree sampled meanwhile. */
async function hyperfineOnce(argv: string[], cwd: string, scratch: string): Promise<{ ms: number; mem: Mem }> {
  const out = join(scratch, 'h.json')
  const child = spawn('hyperfine', ['-N', '--style', 'none', '--runs', '1', '--export-json', out, argv.map(quote).join(' ')], { cwd, stdio: 'ignore' })
  // 50 ms: a tick reads every /proc/<pid>/stat (about 1 ms here), a cost every tool pays alike.
  const sampler = sampleCommand(child.pid!, true, 50)
  const [code] = (await once(child, 'close')) as [number | null]
  const mem = sampler.stop()
  if (code !== 0) return { ms: Number.NaN, mem }
  return { ms: (JSON.parse(readFileSync(out, 'utf8')) as { results: Array<{ times: number[] }> }).results[0]!.times[0]! * 1000, mem }
}

const quote = (a: string) => (/[\s"']/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)

export interface Timed {
  /** ms per timed run, NaN for a run that failed. */
  times: number[]
  mems: Mem[]
  /** Why runs failed (the command run once more with its output kept). */
  errors: string[]
}

/**
 * `rounds` timed rounds after `warmup` untimed ones; each round runs every command once, in order, so
 * the tools share whatever the box is doing. Wall times (ms) and memory per command key.
 */
export async function interleaved(cmds: ToolCmd[], cwd: string, warmup: number, rounds: number): Promise<Map<ToolKey, Timed>> {
  const scratch = mkdtempSync(join(tmpdir(), 'mmm-bench-hf-'))
  const out = new Map<ToolKey, Timed>(cmds.map((c) => [c.key, { times: [], mems: [], errors: [] }]))
  try {
    for (let w = 0; w < warmup; w++) for (const c of cmds) spawnSync(c.argv[0]!, c.argv.slice(1), { cwd, stdio: 'ignore' })
    for (let r = 0; r < rounds; r++) {
      for (const c of cmds) {
        const { ms, mem } = await hyperfineOnce(c.argv, cwd, scratch)
        const t = out.get(c.key)!
        t.times.push(ms)
        t.mems.push(mem)
        if (Number.isNaN(ms)) {
          const again = spawnSync(c.argv[0]!, c.argv.slice(1), { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
          t.errors.push(`${again.status === 0 ? 'failed under hyperfine, ran fine again' : errorOf(again.stdout, again.stderr, again.status)}`)
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  return out
}

export interface MemRun extends Mem {
  ok: boolean
  wallMs: number
  stdout: string
  error?: string
}

/** One run with the process tree sampled (with $MMM_BENCH_TRACE etc. in `env` when tracing). */
export async function memoryRun(argv: string[], cwd: string, opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<MemRun> {
  const t0 = performance.now()
  const child = spawn(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => void (stdout.length < 1e6 && (stdout += d)))
  child.stderr.setEncoding('utf8').on('data', (d: string) => void (stderr.length < 1e5 && (stderr += d)))
  const sampler = sampleCommand(child.pid!, false)
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000)
  const [code] = (await once(child, 'close')) as [number | null]
  const wallMs = performance.now() - t0
  const mem = sampler.stop()
  clearTimeout(killer)
  const error = code === 0 ? undefined : errorOf(stdout, stderr, code)
  return { ok: code === 0, wallMs, ...mem, stdout, ...(error ? { error } : {}) }
}

function errorOf(stdout: string, stderr: string, code: number | null): string {
  try {
    const e = (JSON.parse(stdout) as { error?: { code: string; message: string } }).error
    if (e) return `${e.code}: ${e.message}`
  } catch {}
  return `exit ${code}: ${stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`
}
