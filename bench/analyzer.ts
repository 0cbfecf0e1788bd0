// 6. `mmm analyze` end to end (built CLI: kernel start, plugin host, isolate, report) on real trees,
// against cloc, linguist-js and a floor script measured in the same run; peak memory of the process tree;
// how time grows from 1k to 100k files; line counts against cloc; where the time and memory go.
// The trees are prepared copies (analyzerTrees.ts); the report is analyzerReport.ts.
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { agreement, type AgreementResult } from './analyzerAgreement.ts'
import { copyExperiment, phasesOf, replayAnalysis, topSelfTime, type CopyExperiment, type Phase, type ReplayResult } from './analyzerPhases.ts'
import { builtCli, interleaved, memoryRun, prime, toolCommands, traceHook, type Mem, type MemRun, type Timed, type ToolCmd, type ToolKey } from './analyzerRun.ts'
import { copyTree, describeDropped, gitFiles, globalNpmDir, makeWorkDir, removeWorkDir, replicatedTree, scanSource, shuffledPool, type Tree } from './analyzerTrees.ts'
import { loadAvg } from './machine.ts'
import { summarize } from './stats.ts'
import { repoRoot } from './paths.ts'

export interface TreeTiming {
  tree: Tree
  warmup: string
  rounds: number
  cmds: ToolCmd[]
  times: Map<ToolKey, Timed>
  load: string
}

export interface MemRow {
  tree: string
  tool: string
  /** How the runs were made: the timed runs, or a traced run. */
  how: string
  runs: Mem[]
  wallMs: number[]
  error?: string
}

export interface ScalingRow {
  tree: Tree
  cold: number[]
  warm: number[]
  floor: number[]
  method: string
  mem?: Mem
  error?: string
}

export interface TraceRow {
  tree: string
  /** The CLI process's own CPU profile of the same run. */
  cpu: ReturnType<typeof topSelfTime>
  wallMs: number
  phases: Phase[]
  batches: number
  readBytes: number
  cacheBytes: number
}

export interface AnalyzerResult {
  quick: boolean
  sources: string[]
  targets: TreeTiming[]
  memory: MemRow[]
  scaling: ScalingRow[]
  traces: TraceRow[]
  agreement: AgreementResult[]
  replay?: ReplayResult & { tree: string }
  copy?: CopyExperiment
  durationMs: number
}

const ALL: ToolKey[] = ['cold', 'warm', 'cloc', 'linguist', 'floor']
const node = process.execPath

/** A traced cold run with the tree's memory sampled: the phase breakdown and one more memory row. */
async function tracedCold(tree: Tree, work: string): Promise<{ mem: MemRun; trace?: TraceRow }> {
  const file = join(work, `trace-${tree.name}.json`)
  const prof = join(work, `prof-${tree.name}`)
  mkdirSync(prof)
  const argv = [node, '--cpu-prof', `--cpu-prof-dir=${prof}`, '--import', traceHook, builtCli, 'analyze', '--refresh', '--json']
  const mem = await memoryRun(argv, tree.dir, { env: { MMM_BENCH_TRACE: file }, timeoutMs: 300_000 })
  if (!mem.ok) return { mem }
  const p = phasesOf(JSON.parse(readFileSync(file, 'utf8')))
  return { mem, trace: { tree: tree.name, wallMs: mem.wallMs, ...p, cpu: topSelfTime(prof, 12) } }
}

/** Memory rows from the timed runs of each command. */
function memRows(tree: string, cmds: ToolCmd[], t: Map<ToolKey, Timed>): MemRow[] {
  return cmds.map((c) => {
    const x = t.get(c.key)!
    const ok = x.times.map((ms, i) => [ms, i] as const).filter(([ms]) => Number.isFinite(ms))
    return { tree, tool: c.label, how: 'the timed runs above', runs: ok.map(([, i]) => x.mems[i]!), wallMs: ok.map(([ms]) => ms), ...(x.errors.length ? { error: x.errors.join('; ') } : {}) }
  })
}

function tracedRow(tree: string, mem: MemRun): MemRow {
  return { tree, tool: 'mmm analyze, cold, traced (`--cpu-prof --import bench/analyzerTrace.ts`)', how: 'one run, spawned by the bench', runs: mem.ok ? [mem] : [], wallMs: [mem.wallMs], ...(mem.error ? { error: mem.error } : {}) }
}

export async function benchAnalyzer(quick: boolean, step: (s: string) => void): Promise<AnalyzerResult> {
  const started = performance.now()
  const log = (s: string) => step(`${s} (at ${((performance.now() - started) / 1000).toFixed(0)} s)`)
  const work = makeWorkDir()
  mkdirSync(join(work, 'trees'))
  const trees = join(work, 'trees')
  const r: AnalyzerResult = { quick, sources: [], targets: [], memory: [], scaling: [], traces: [], agreement: [], durationMs: 0 }
  try {
    const npmDir = globalNpmDir()
    if (!npmDir) throw new Error('the global npm package was not found (npm root -g)')
    const npm = scanSource('npm', npmDir)
    const pnpm = scanSource('pnpm-store', `${repoRoot}/node_modules/.pnpm`)
    const repo = scanSource('repo', repoRoot, gitFiles(repoRoot))
    for (const s of [npm, pnpm, repo]) {
      r.sources.push(`\`${s.label}\`: ${s.root} — ${s.files.length} files kept, ${(s.files.reduce((a, f) => a + f.size, 0) / 1e6).toFixed(1)} MB; left out: ${describeDropped(s.dropped)}`)
    }
    const pool = shuffledPool([npm, pnpm])
    const poolNote = '`npm` + `pnpm-store`'
    const cmds = toolCommands(ALL)

    // Targets, tree 1: the npm package.
    log('6/6 analyzer: npm tree')
    const npmTree = copyTree(trees, 'npm', npm, `copy of ${npmDir} (the global npm package)`)
    prime(npmTree.dir)
    const npmRounds = quick ? 2 : 5
    const npmTimes = await interleaved(cmds, npmTree.dir, 1, npmRounds)
    r.targets.push({ tree: npmTree, warmup: '1 untimed round of every command', rounds: npmRounds, cmds, times: npmTimes, load: loadAvg() })
    r.memory.push(...memRows('npm', cmds, npmTimes))
    const t1 = await tracedCold(npmTree, work)
    if (t1.trace) r.traces.push(t1.trace)
    r.memory.push(tracedRow('npm', t1.mem))

    log('6/6 analyzer: line counts against cloc')
    r.agreement.push(agreement(`npm package (${npmTree.files} files)`, builtCli, npmTree.dir))
    const repoTree = copyTree(trees, 'repo', repo, 'copy of `git ls-files` of this repository')
    r.agreement.push(agreement(`this repository, \`git ls-files\` (${repoTree.files} files)`, builtCli, repoTree.dir))
    rmSync(repoTree.dir, { recursive: true, force: true })
    r.replay = { tree: 'npm', ...replayAnalysis(npmTree.dir) }
    r.copy = copyExperiment(npmTree.dir, quick ? 20 : 75)
    rmSync(npmTree.dir, { recursive: true, force: true })

    // Targets, tree 2 (also the 30k scaling point), then the other sizes; one traced run on 10k files.
    const sizes = quick ? [1000, 5000] : [1000, 10_000, 30_000, 100_000]
    const largeN = sizes.includes(30_000) ? 30_000 : sizes[sizes.length - 1]!
    const tracedN = sizes.includes(10_000) ? 10_000 : largeN
    const coldArgv = cmds.find((c) => c.key === 'cold')!.argv
    for (const n of sizes) {
      log(`6/6 analyzer: ${n} files`)
      const tree = replicatedTree(trees, `files-${n}`, pool, n, poolNote)
      prime(tree.dir)
      const medMem = (t: Timed) => t.mems[t.times.indexOf(summarize(t.times.filter(Number.isFinite)).median)]
      if (n < 50_000) {
        const large = n === largeN
        const rounds = large ? (quick ? 1 : 2) : n <= 1000 ? 3 : 2
        const these = large ? cmds : toolCommands(['cold', 'warm', 'floor'])
        const times = await interleaved(these, tree.dir, 0, large ? 1 : rounds)
        let warmup = 'none (`mmm tools` before: .mmm state; the files just written are in the page cache)'
        if (large) {
          // The second round only for the target comparisons whose margin is not wide (time: linguist-js alone takes ~30 s a run).
          const again = await interleaved(toolCommands(['cold', 'cloc', 'floor']), tree.dir, 0, rounds - 1)
          for (const [k, t] of again) for (const f of ['times', 'mems', 'errors'] as const) (times.get(k)![f] as unknown[]).push(...t[f])
          if (rounds > 1) warmup += `; rounds after the first: mmm cold, cloc and the floor only`
          r.targets.push({ tree, warmup, rounds, cmds, times, load: loadAvg() })
          r.memory.push(...memRows(tree.name, cmds, times))
        }
        const cold = times.get('cold')!
        const mem = medMem(cold)
        r.scaling.push({ tree, ...(cold.errors.length ? { error: `${cold.errors.length} of ${rounds} cold runs failed: ${cold.errors.join('; ')}` } : {}), cold: cold.times, warm: times.get('warm')!.times, floor: times.get('floor')!.times, method: `hyperfine, ${rounds} interleaved round${rounds > 1 ? 's' : ''}${large ? ' (the target runs above)' : ''}`, ...(mem ? { mem } : {}) })
        if (n === tracedN) {
          const traced = await tracedCold(tree, work)
          if (traced.trace) r.traces.push(traced.trace)
          r.memory.push(tracedRow(tree.name, traced.mem))
        }
      } else {
        // Too slow for several runs: one cold run timed by us while /proc is sampled (no warm run: time).
        const floor = (await interleaved(toolCommands(['floor']), tree.dir, 0, 1)).get('floor')!.times
        const mem = await memoryRun(coldArgv, tree.dir, { timeoutMs: 300_000 })
        r.scaling.push({
          tree,
          cold: mem.ok ? [mem.wallMs] : [],
          warm: [],
          floor,
          method: 'cold: one run, timed by the bench (spawn → exit) while sampling /proc every 25 ms; warm: not run (time); floor: hyperfine, 1 run',
          mem,
          ...(mem.ok ? {} : { error: `${mem.error} after ${(mem.wallMs / 1000).toFixed(0)} s` }),
        })
      }
      rmSync(tree.dir, { recursive: true, force: true })
    }
    log('6/6 analyzer: done')
  } finally {
    removeWorkDir(work)
  }
  r.durationMs = performance.now() - started
  return r
}
