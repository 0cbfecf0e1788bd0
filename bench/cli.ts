// 4. `mmm --help` and `mmm tools` (wall time and peak RSS) against `node -e 0`, in a temp project whose
// mmm.config.json lists plugins/hello: from the sources (as `node kernel/src/cli/main.ts`, i.e. `pnpm mmm`)
// and, when kernel/dist exists (pnpm build), the built CLI that ./mmm and the installed bin run; `mmm tools`
// also with an empty manifest cache (the first run after a plugin changes, which starts the plugin hosts).
// Wall time: hyperfine when installed, else our own spawn loop.
// Memory: /usr/bin/time -v for the CLI process itself (when installed) plus a /proc sampler over the
// process tree, which is the only way to see the plugin hosts `mmm tools` forks.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cliMain, helloDir, repoRoot } from './paths.ts'

const builtCli = `${repoRoot}/kernel/dist/mmm.js`
import { profileCommand } from './cpuProfile.ts'
import { hasProc, sampleTree } from './procfs.ts'
import { mb, ms, summarize, table, type Summary, type Verdict } from './stats.ts'

const TIME = '/usr/bin/time'
const repoRootPrefix = `${repoRoot}/`

export function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.trim() || undefined : undefined
}

interface Case {
  name: string
  argv: string[]
  /** Not judged against the target (the reference rows). */
  reference?: boolean
  /** Run before each timed run (not timed): e.g. emptying the manifest cache. */
  prepare?: string[]
}

export interface CliCaseResult {
  name: string
  reference: boolean
  command: string
  wall: Summary
  /** Max RSS of the process itself (bytes), median over the memory runs. */
  maxRss: number
  rssSource: string
  /** Peak RSS of each plugin host it forked (bytes), median over runs of the sum over hosts. */
  hostsPeakSum: number
  hosts: number
  /** Highest sum of RSS over the whole tree at one sample (bytes), median over runs. */
  treePeak: number
}

export interface CliResult {
  timer: string
  runs: number
  memRuns: number
  cases: CliCaseResult[]
  project: string
  profiles: Array<{ name: string; totalMs: number; buckets: Array<[string, number]> }>
  /** When the built CLI is older than the newest kernel source, a warning (its numbers may not match the sources). */
  builtNote: string
}

function medianOf(xs: number[]): number {
  return summarize(xs).median
}

/** Wall times (ms) of each case: hyperfine if present, else n spawns of our own after warm-up. */
function wallTimes(cases: Case[], cwd: string, runs: number, warmup: number): { timer: string; times: number[][] } {
  const hyperfine = which('hyperfine')
  if (hyperfine) {
    const out = join(cwd, '.hyperfine.json')
    const times: number[][] = []
    for (const c of cases) {
      const prepare = c.prepare ? ['--prepare', c.prepare.join(' ')] : []
      const r = spawnSync(hyperfine, ['-N', '--style', 'none', '--warmup', String(warmup), '--runs', String(runs), ...prepare, '--export-json', out, c.argv.join(' ')], { cwd, encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`hyperfine failed on ${c.argv.join(' ')}: ${r.stderr.trim()}`)
      const json = JSON.parse(readFileSync(out, 'utf8')) as { results: Array<{ times: number[] }> }
      times.push(json.results[0]!.times.map((s) => s * 1000))
    }
    rmSync(out, { force: true })
    return { timer: `hyperfine (${spawnSync(hyperfine, ['--version'], { encoding: 'utf8' }).stdout.trim()}), -N, ${warmup} warm-up runs`, times }
  }
  const times = cases.map((c) => {
    const once = () => {
      if (c.prepare) spawnSync(c.prepare[0]!, c.prepare.slice(1), { cwd, stdio: 'ignore' })
      const t0 = performance.now()
      const r = spawnSync(c.argv[0]!, c.argv.slice(1), { cwd, stdio: 'ignore' })
      if (r.status !== 0) throw new Error(`${c.argv.join(' ')} exited with ${r.status}`)
      return performance.now() - t0
    }
    for (let i = 0; i < warmup; i++) once()
    return Array.from({ length: runs }, once)
  })
  return { timer: `spawnSync loop, ${warmup} warm-up runs`, times }
}

/** One run under /usr/bin/time -v (if present) with the /proc sampler on the tree. */
async function memoryRun(c: Case, cwd: string): Promise<{ maxRss: number; hostsPeakSum: number; hosts: number; treePeak: number }> {
  if (c.prepare) spawnSync(c.prepare[0]!, c.prepare.slice(1), { cwd, stdio: 'ignore' })
  const useTime = existsSync(TIME)
  const timeOut = join(cwd, '.time.txt')
  const argv = useTime ? [TIME, '-v', '-o', timeOut, ...c.argv] : c.argv
  const child = spawn(argv[0]!, argv.slice(1), { cwd, stdio: 'ignore' })
  const sampler = hasProc ? sampleTree(child.pid!, 3, useTime) : undefined
  const [code] = (await once(child, 'exit')) as [number | null]
  const mem = sampler?.stop()
  if (code !== 0) throw new Error(`${c.argv.join(' ')} exited with ${code}`)
  // Under time, the CLI is time's child and the plugin hosts are the CLI's children.
  const cliPid = useTime ? [...(mem?.childPeaks ?? [])].find(([, v]) => v.ppid === child.pid)?.[0] : child.pid
  let hostsPeakSum = 0
  let hosts = 0
  for (const [, v] of mem?.childPeaks ?? []) {
    if (v.ppid === cliPid) {
      hostsPeakSum += v.hwm
      hosts++
    }
  }
  let maxRss = Number.NaN
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeOut, 'utf8'))
    if (m) maxRss = Number(m[1]) * 1024
    rmSync(timeOut, { force: true })
  } else if (mem) {
    maxRss = mem.rootPeak
  }
  return { maxRss, hostsPeakSum, hosts, treePeak: mem?.treePeak ?? Number.NaN }
}

export async function benchCli(runs = 15, memRuns = 5): Promise<CliResult> {
  const project = mkdtempSync(join(tmpdir(), 'mmm-bench-cli-'))
  writeFileSync(join(project, 'mmm.config.json'), `${JSON.stringify({ plugins: [helloDir] }, null, 2)}\n`)
  const node = process.execPath
  const noCache = ['rm', '-rf', join(project, '.mmm', 'cache')]
  const cases: Case[] = [
    { name: '`node -e 0`', argv: [node, '-e', '0'], reference: true },
    { name: '`node --no-node-snapshot -e 0` (for reference: the flag plugin hosts need)', argv: [node, '--no-node-snapshot', '-e', '0'], reference: true },
    { name: '`mmm --help`, sources (`node kernel/src/cli/main.ts`, as `pnpm mmm`)', argv: [node, cliMain, '--help'] },
    { name: '`mmm tools`, sources', argv: [node, cliMain, 'tools'] },
    { name: '`mmm tools`, sources, empty manifest cache (starts the plugin host)', argv: [node, cliMain, 'tools'], prepare: noCache },
  ]
  let builtNote = ''
  if (existsSync(builtCli)) {
    cases.push(
      { name: '`mmm --help`, built (`node kernel/dist/mmm.js`, what ./mmm and the bin run)', argv: [node, builtCli, '--help'] },
      { name: '`mmm tools`, built', argv: [node, builtCli, 'tools'] },
      { name: '`mmm tools`, built, empty manifest cache (starts the plugin host)', argv: [node, builtCli, 'tools'], prepare: noCache },
    )
    const newest = newestMtime(`${repoRoot}/kernel/src`)
    if (newest > statSync(builtCli).mtimeMs) builtNote = `**kernel/dist is older than kernel/src** (built ${new Date(statSync(builtCli).mtimeMs).toISOString()}): the built rows may not match the sources; run \`pnpm build\` first.`
  } else {
    builtNote = 'kernel/dist/mmm.js does not exist (run `pnpm build`): the built CLI was not measured.'
  }
  try {
    // First run creates .mmm/state.db; every measured run then finds the project as a user would.
    for (const c of cases) {
      const r = spawnSync(c.argv[0]!, c.argv.slice(1), { cwd: project, encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`${c.argv.join(' ')} failed: ${r.stderr}`)
    }
    const { timer, times } = wallTimes(cases, project, runs, 3)
    const results: CliCaseResult[] = []
    for (const [i, c] of cases.entries()) {
      const mems = []
      for (let j = 0; j < memRuns; j++) mems.push(await memoryRun(c, project))
      results.push({
        name: c.name,
        reference: c.reference === true,
        command: c.argv.map((a) => a.replace(process.execPath, 'node').replace(repoRootPrefix, '')).join(' '),
        wall: summarize(times[i]!),
        maxRss: medianOf(mems.map((m) => m.maxRss)),
        rssSource: existsSync(TIME) ? '/usr/bin/time -v' : '/proc VmHWM sampled',
        hostsPeakSum: medianOf(mems.map((m) => m.hostsPeakSum)),
        hosts: Math.max(...mems.map((m) => m.hosts)),
        treePeak: medianOf(mems.map((m) => m.treePeak)),
      })
    }
    // Profiles: --help and tools (empty manifest cache) from the sources, and tools (empty cache) built.
    const profiled = [cases[2]!, cases[4]!, ...(cases[7] ? [cases[7]] : [])]
    const profiles = profiled.map((c) => {
      if (c.prepare) spawnSync(c.prepare[0]!, c.prepare.slice(1), { cwd: project, stdio: 'ignore' })
      return { name: c.name.replace(/ \(`node.*\)$/, ''), ...profileCommand(c.argv, project) }
    })
    return { timer, runs, memRuns, cases: results, profiles, builtNote, project: `temp dir with mmm.config.json = { "plugins": ["${helloDir}"] }` }
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs)
  }
  return newest
}

export function reportCli(r: CliResult): { markdown: string; verdicts: Verdict[] } {
  const base = r.cases[0]!
  const markdown = [
    '### 4. CLI start-up: wall time and peak memory',
    '',
    `Run in a ${r.project}. Wall time: ${r.timer}, ${r.runs} timed runs each. Memory: ${r.memRuns} runs each, median; ` +
      `the CLI's own max RSS from ${r.cases[0]!.rssSource}, plugin hosts from /proc (VmHWM of each host, summed), tree = highest sum of VmRSS over the CLI and its hosts at one 3 ms sample.`,
    '',
    table(['Command', 'median', 'p90', 'min', 'Δ median vs `node -e 0`', 'max RSS (process)', 'plugin hosts: peak RSS (sum)', 'tree peak RSS'], r.cases.map((c) => [
      c.name,
      ms(c.wall.median),
      ms(c.wall.p90),
      ms(c.wall.min),
      c === base ? '—' : `+${ms(c.wall.median - base.wall.median)}`,
      mb(c.maxRss),
      c.hosts ? `${mb(c.hostsPeakSum)} (${c.hosts} host${c.hosts > 1 ? 's' : ''})` : '—',
      mb(c.treePeak),
    ])),
    '',
    'Where the time goes (one run each under `--cpu-prof`, main thread; each sample counted once, in the first bucket whose frame is on its stack; "waiting" is wall time the main thread sat idle):',
    '',
    table(['Bucket', ...r.profiles.map((p) => p.name)], [
      ...r.profiles[0]!.buckets.map(([name], i) => [name, ...r.profiles.map((p) => ms(p.buckets[i]![1]))]),
      ['total profiled (≈ wall time after Node bootstrap)', ...r.profiles.map((p) => ms(p.totalMs))],
    ]),
    '',
    'Reading it: profiled runs are slower than timed ones (the profiler costs time). Tools are registered by setup() inside the sandbox, so with an ' +
      'empty manifest cache `mmm tools` must start every plugin host (section 1: a Node process with --no-node-snapshot, type stripping of ' +
      'pluginHost.ts from the sources, isolated-vm, the isolate) and waits for it; with the cache filled it starts none. From the sources every kernel ' +
      'module is type-stripped at start-up; the built CLI skips that.',
    '',
    ...(r.builtNote ? [r.builtNote, ''] : []),
  ].join('\n')
  const verdicts = r.cases.filter((c) => !c.reference).map((c): Verdict => {
    const delta = c.wall.median - base.wall.median
    return {
      benchmark: `4. ${c.name.replace(/ \(`node.*\)$/, '')}`,
      measured: `${ms(c.wall.median)}; RSS ${mb(c.maxRss)}${c.hosts ? ` + hosts ${mb(c.hostsPeakSum)}` : ''}`,
      baseline: `${ms(base.wall.median)}; RSS ${mb(base.maxRss)}`,
      value: `+${ms(delta)}`,
      target: '≤ +150 ms',
      met: delta <= 150,
      ...(delta > 150 ? { note: `by ${ms(delta - 150)}` } : {}),
    }
  })
  return { markdown, verdicts }
}
