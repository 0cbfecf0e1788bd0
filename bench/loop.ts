// The improvement loop's own overhead (`mmm improve`, plugins/loop): `node --no-node-snapshot bench/loop.ts [--quick] [--no-write]`
// writes bench/RESULTS-loop.md (not with --quick or --no-write). Every number comes from one run, baselines measured in the same run:
//  - `mmm improve --dry-run --json` end to end against the same work done from a shell (git worktree add, npm test,
//    npm run lint, git worktree remove, git branch -D), interleaved round-robin;
//  - a 3-iteration session (scripted edits and reviews): wall time, and per iteration the loop's own time = the
//    iteration's startedAt → endedAt minus the durations of the project's commands in it; the phases from the progress lines;
//  - `mmm loop sessions --json` and `mmm loop show <id> --json` with 20 sessions stored, next to `mmm tools --json`.
// The built CLI (kernel/dist) in a fixture repository with no mmm.config (zero config: @mmm/preset-recommended, --yes),
// pointed at the fake Messages API, which lives in this process: every child is spawned asynchronously. No targets:
// measured numbers and ratios only (DESIGN §12).
import { spawn } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeClaude, type FakeReply } from '../kernel/src/testing/index.ts'
import { gitEnv, JS_FILES, makeRepo } from '../plugins/loop/test/fixtureRepo.ts'
import { addSubTest, fixVar, NO_TEST, review, tools, VAR } from '../plugins/loop/test/loopHarness.ts'
import { machineInfo, machineRows } from './machine.ts'
import { CLI_BUCKETS, profileCommand } from './cpuProfile.ts'
import { repoRoot } from './paths.ts'
import { ms, summarize, table } from './stats.ts'

const quick = process.argv.includes('--quick')
const write = !quick && !process.argv.includes('--no-write')
const N = quick ? { dry: 2, session: 1, reads: 2 } : { dry: 7, session: 4, reads: 8 }
const STORED = 20
const ITERATIONS = 3
const cli = join(repoRoot, 'kernel/dist/mmm.js')
const machine = machineInfo()
const started = performance.now()
const step = (s: string) => process.stderr.write(`bench loop: ${s}\n`)

const fake = await startFakeClaude()
const home = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-bench-loop-home-')))
const outside = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-bench-loop-wt-')))
const dir = makeRepo(JS_FILES, 'mmm-bench-loop-')
const API_KEY = 'sk-ant-bench-loop'
const env = { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, ...gitEnv }

interface Run { wall: number; code: number | null; stdout: string; stderr: string; lines: Array<{ at: number; text: string }> }

/** Spawns a process and waits for it (asynchronously: the fake API answers from this process); stderr lines timestamped from the spawn. */
function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const c = spawn(command, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let partial = ''
    const lines: Run['lines'] = []
    c.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    c.stderr.on('data', (d: Buffer) => {
      const at = performance.now() - t0
      stderr += d.toString()
      const parts = (partial + d.toString()).split('\n')
      partial = parts.pop()!
      for (const text of parts) lines.push({ at, text })
    })
    c.on('error', reject)
    c.on('close', (code) => resolve({ wall: performance.now() - t0, code, stdout, stderr, lines }))
  })
}

const mmm = async (args: string[], replies: FakeReply[] = [], cwd = dir): Promise<Run> => {
  fake.reset()
  fake.enqueue(...replies)
  const r = await run(process.execPath, ['--no-node-snapshot', cli, '--yes', ...args], cwd)
  if (r.code !== 0) throw new Error(`mmm ${args.join(' ')} exited ${r.code}: ${r.stdout.slice(0, 400)} ${r.stderr.slice(-800)}`)
  const asked = fake.messageRequests().length
  if (asked !== replies.length) throw new Error(`mmm ${args.join(' ')}: ${asked} Messages API requests, ${replies.length} scripted`)
  return r
}

interface CommandRun { kind: string; durationMs: number; code: number | null }
interface Session {
  id: string
  status: string
  stop?: { code: string }
  baseline?: { signals: { commands: CommandRun[] } }
  iterations: Array<{ n: number; status: string; startedAt: string; endedAt?: string; signals?: { commands: CommandRun[] } }>
}

// 1. The dry run against a shell doing the same work.
const dryRun = () => mmm(['improve', '--dry-run', '--json'], [review(5, [VAR, NO_TEST])])
/** The progress lines of a run (stderr, without --json), ending with its exit. */
const progressLines = (r: Run): Run['lines'] => r.lines.filter((l) => l.text.startsWith('loop.improve: ')).concat({ at: r.wall, text: 'exit' })
const dryRunLines = async () => progressLines(await mmm(['improve', '--dry-run'], [review(5, [VAR, NO_TEST])]))
let shellN = 0
async function shell(): Promise<{ wall: number; parts: Record<string, number> }> {
  const n = shellN++
  const wt = join(outside, `wt-${n}`)
  const parts: Record<string, number> = {}
  const t0 = performance.now()
  const timed = async (name: string, command: string, args: string[], cwd: string, extra: Record<string, string> = {}) => {
    const r = await run(command, args, cwd, extra)
    if (name !== 'npm run lint' && r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(-400)}`)
    parts[name] = r.wall
  }
  // As the loop runs them: the project's commands through `sh -c` in the worktree with CI=true (the lint fails: a `var`).
  const checks = { CI: 'true', FORCE_COLOR: '0' }
  await timed('git worktree add', 'git', ['worktree', 'add', '-q', '-b', `bench/shell-${n}`, wt, 'HEAD'], dir)
  await timed('npm run lint', 'sh', ['-c', 'npm run lint'], wt, checks)
  await timed('npm test', 'sh', ['-c', 'npm test'], wt, checks)
  await timed('git worktree remove', 'git', ['worktree', 'remove', '--force', wt], dir)
  await timed('git branch -D', 'git', ['branch', '-q', '-D', `bench/shell-${n}`], dir)
  return { wall: performance.now() - t0, parts }
}

step('dry run vs shell')
await dryRun() // records the grants (--yes), warms the page cache and npm
await shell()
const dryWalls: number[] = []
const dryCmds: Record<string, number[]> = {}
const shellWalls: number[] = []
const shellParts: Record<string, number[]> = {}
const dryLines: Array<Run['lines']> = []
for (let r = 0; r < N.dry; r++) {
  dryLines.push(await dryRunLines()) // the same without --json, for its phases (not in the timings above)
  const d = await dryRun()
  dryWalls.push(d.wall)
  const s = JSON.parse(d.stdout) as Session
  if (s.stop?.code !== 'dry-run') throw new Error(`dry run stopped with ${s.stop?.code}`)
  for (const c of s.baseline!.signals.commands) (dryCmds[c.kind] ??= []).push(c.durationMs)
  const sh = await shell()
  shellWalls.push(sh.wall)
  for (const [k, v] of Object.entries(sh.parts)) (shellParts[k] ??= []).push(v)
}

// 2. A 3-iteration session: baseline review with issues; per iteration an edit, a text answer, a review that still lists an issue.
const DOC = { severity: 'low', title: 'README says little', file: 'README.md', description: 'one line on what the project does' }
const fixDoc = tools(['str_replace', { path: 'README.md', old_str: 'Adds and subtracts.', new_str: 'Adds and subtracts two numbers: `add(a, b)`, `sub(a, b)`.' }])
const sessionReplies: FakeReply[] = [
  review(5, [VAR, NO_TEST]),
  fixVar, { text: 'Replaced var with const.' }, review(6, [NO_TEST, DOC]),
  addSubTest, { text: 'Added a test for sub().' }, review(7, [DOC]),
  fixDoc, { text: 'Described the functions in the README.' }, review(8, [DOC]),
]
const sessionArgs = ['improve', '--max-iterations', String(ITERATIONS), '--target', '10']
interface SessionRun { wall: number; session: Session; lines: Run['lines'] }
async function session(): Promise<SessionRun> {
  const r = await mmm(sessionArgs, sessionReplies) // not --json: the progress lines go to stderr
  const id = /session (improve-\S+)/.exec(r.stdout)?.[1]
  if (!id) throw new Error(`no session id in: ${r.stdout.slice(0, 400)}`)
  const s = JSON.parse((await mmm(['loop', 'show', id, '--json'])).stdout) as Session
  if (s.stop?.code !== 'max-iterations' || s.iterations.length !== ITERATIONS || s.iterations.some((i) => i.status !== 'accepted')) {
    throw new Error(`session ${id}: stop ${s.stop?.code}, iterations ${s.iterations.map((i) => i.status).join(', ')}`)
  }
  return { wall: r.wall, session: s, lines: progressLines(r) }
}

step(`${ITERATIONS}-iteration sessions`)
await session()
const sessions: SessionRun[] = []
for (let r = 0; r < N.session; r++) sessions.push(await session())

/** A progress line as a phase name: numbers that change from run to run and the tokens / cost / score suffix left out. */
function phaseOf(text: string): string {
  const m = /^loop\.improve: \d+% (.*)$/.exec(text)
  if (!m) return text
  const msg = m[1]!
  if (/^baseline: .*Claude is reviewing/.test(msg)) return 'baseline: Claude reviews'
  return msg.split(' · ')[0]!
    .replace(/^iteration \d+/, 'iteration n')
    .replace(/\(turn \d+, \d+ files? changed\)/, '(turn k)')
    .replace(/fixing \d+ issues?/, 'fixing the issues')
    .replace(/validating \d+ changed files?/, 'validating the changed files')
    .replace(/: accepted.*/, ': accepted')
}
// Time from one progress line to the next: what ran while that line was the last one shown; the last line's runs to the exit.
const STARTUP = '(start-up: spawn → first progress line)'
function phases(runs: Array<Run['lines']>): { med: (name: string) => number; rows: Array<Array<string | number>> } {
  const samples = new Map<string, number[]>()
  const count = new Map<string, number>()
  for (const lines of runs) {
    const seen = new Map<string, number>()
    const add = (name: string, v: number) => {
      samples.set(name, [...(samples.get(name) ?? []), v])
      seen.set(name, (seen.get(name) ?? 0) + 1)
    }
    add(STARTUP, lines[0]!.at)
    for (let i = 0; i + 1 < lines.length; i++) add(`${phaseOf(lines[i]!.text)}${i + 2 === lines.length ? ' → exit' : ''}`, lines[i + 1]!.at - lines[i]!.at)
    for (const [k, v] of seen) count.set(k, v)
  }
  const m = (name: string) => summarize(samples.get(name) ?? []).median
  return { med: m, rows: [...samples.keys()].map((name) => [name, count.get(name) ?? 0, ms(m(name)), ms(m(name) * (count.get(name) ?? 0))]) }
}
const sessionPhases = phases(sessions.map((x) => x.lines))
const dryPhases = phases(dryLines)
const perIteration = Array.from({ length: ITERATIONS }, (_, k) => {
  const walls: number[] = []
  const cmds: number[] = []
  for (const s of sessions) {
    const it = s.session.iterations[k]!
    const wall = Date.parse(it.endedAt!) - Date.parse(it.startedAt)
    const c = (it.signals?.commands ?? []).reduce((a, x) => a + x.durationMs, 0)
    walls.push(wall)
    cmds.push(c)
  }
  return { n: k + 1, wall: summarize(walls).median, cmds: summarize(cmds).median, own: summarize(walls.map((w, i) => w - cmds[i]!)).median }
})
const allOwn = sessions.flatMap((s) => s.session.iterations.map((it) => Date.parse(it.endedAt!) - Date.parse(it.startedAt) - (it.signals?.commands ?? []).reduce((a, x) => a + x.durationMs, 0)))
const allIterWall = sessions.flatMap((s) => s.session.iterations.map((it) => Date.parse(it.endedAt!) - Date.parse(it.startedAt)))

// 3. State reads with 20 sessions stored (top up with dry runs).
step('state reads')
const stored = async () => (JSON.parse((await mmm(['loop', 'sessions', '--json'])).stdout) as unknown[]).length
for (let have = await stored(); have < STORED; have++) await dryRun()
const count = await stored()
const showId = sessions.at(-1)!.session.id
// Floors: the CLI with no config to load (--help), and `mmm tools` with the preset's two plugins listed in an
// mmm.config.json (no preset) in another copy of the fixture, next to the same command with zero config.
const listed = makeRepo({ ...JS_FILES, 'mmm.config.json': JSON.stringify({ plugins: [join(repoRoot, 'plugins/analyzer'), join(repoRoot, 'plugins/loop')] }) }, 'mmm-bench-loop-listed-')
const reads = { help: ['--help'], listed: ['tools', '--json'], tools: ['tools', '--json'], sessions: ['loop', 'sessions', '--json'], show: ['loop', 'show', showId, '--json'] } as const
type Read = keyof typeof reads
const readLabel: Record<Read, string> = {
  help: '`mmm --help` (no config loaded)',
  listed: '`mmm tools --json`, the analyzer and the loop listed in mmm.config.json (no preset)',
  tools: '`mmm tools --json`, zero config (@mmm/preset-recommended)',
  sessions: '`mmm loop sessions --json`',
  show: '`mmm loop show <id> --json`',
}
const readCwd = (k: Read) => (k === 'listed' ? listed : dir)
const readWalls = new Map<Read, number[]>()
const readBytes = new Map<Read, number>()
for (const k of Object.keys(reads) as Read[]) await mmm([...reads[k]], [], readCwd(k)) // warm-up
for (let r = 0; r < N.reads; r++) {
  for (const k of Object.keys(reads) as Read[]) {
    const x = await mmm([...reads[k]], [], readCwd(k))
    readWalls.set(k, [...(readWalls.get(k) ?? []), x.wall])
    readBytes.set(k, x.stdout.length)
  }
}
// Where the zero-config load goes: TypeScript modules loaded (a module hook counts them) and a CPU profile of each `mmm tools`.
const countTsHook = "import { registerHooks } from 'node:module'; let n = 0; registerHooks({ load(u, c, next) { if (/\\.[cm]?ts$/.test(u)) n++; return next(u, c) } }); process.on('exit', () => process.stderr.write('ts-modules ' + n + '\\n'))"
const countTs = `data:text/javascript,${encodeURIComponent(countTsHook)}`
const startupOf = async (cwd: string) => {
  const r = await run(process.execPath, ['--no-node-snapshot', '--import', countTs, cli, '--yes', 'tools', '--json'], cwd)
  const prof = profileCommand([process.execPath, '--no-node-snapshot', cli, '--yes', 'tools', '--json'], cwd)
  const bucket = (name: string) => prof.buckets.find(([b]) => b.startsWith(name))?.[1] ?? Number.NaN
  return { tsModules: Number(/ts-modules (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN), cpu: prof.totalMs, strip: bucket(CLI_BUCKETS[0]!.name), builtins: bucket(CLI_BUCKETS[2]!.name) }
}
const startup = { tools: await startupOf(dir), listed: await startupOf(listed) }
const stateDb = (() => { try { return statSync(join(dir, '.mmm/state.db')).size } catch { return Number.NaN } })()

await fake.close()
rmSync(dir, { recursive: true, force: true })
rmSync(listed, { recursive: true, force: true })
rmSync(outside, { recursive: true, force: true })
rmSync(home, { recursive: true, force: true })

// The report.
const med = (xs: number[] | undefined) => summarize(xs ?? []).median
const range = (xs: number[] | undefined) => { const s = summarize(xs ?? []); return `${ms(s.min)} – ${ms(s.max)}` }
const dry = med(dryWalls)
const sh = med(shellWalls)
const sessionWall = med(sessions.map((s) => s.wall))
const sessionCmds = med(sessions.map((s) => [...(s.session.baseline?.signals.commands ?? []), ...s.session.iterations.flatMap((i) => i.signals?.commands ?? [])].reduce((a, c) => a + c.durationMs, 0)))
const rTools = med(readWalls.get('tools'))
const rListed = med(readWalls.get('listed'))
const kb = (n: number | undefined) => `${((n ?? 0) / 1024).toFixed(1)} KB`
const phase = sessionPhases.med
const iterTest = med(sessions.flatMap((x) => x.session.iterations.flatMap((i) => (i.signals?.commands ?? []).filter((c) => c.kind === 'test').map((c) => c.durationMs))))
const dp = dryPhases.med
const reading = `Reading it: the loop's cost is mostly fixed, not per iteration. In the dry run (its phases in 1): start-up to the first progress line ${ms(dp(STARTUP))} (\`mmm tools\` alone takes ${ms(rTools)}, of which ${ms(rTools - rListed)} is loading the zero-config preset: see 3), the project's analysis and the worktree ${ms(dp('analyzing the project'))}, the lint ${ms(dp('baseline: running lint'))}, the test and the analyzer's health score of the worktree ${ms(dp('baseline: running test'))}, then the review, the worktree's removal and the exit ${ms(dp('baseline: Claude reviews → exit'))}, with a fake API that answers at once. An iteration adds ${ms(med(allOwn))} to its project commands: the review of the change ${ms(phase('iteration n: Claude is reviewing the change'))} (analyzer.context over the worktree, then the request), the agent's two turns ${ms(2 * phase('iteration n: Claude is editing (turn k)'))}, and the analyzer's health score after the checks about ${ms(phase('iteration n: running test') - iterTest)} (the "running test" phase minus the test's own duration).`

const md = [
  '# Improvement loop benchmarks',
  '',
  'Generated by `bench/loop.ts`; every number comes from one run, baselines measured in the same run. No targets: measured numbers and ratios only. Tests never assert these numbers (DESIGN §12).',
  '',
  table(['', ''], machineRows(machine, 'node --no-node-snapshot bench/loop.ts', started)),
  '',
  '## Summary',
  '',
  table(['Benchmark', 'Measured (median)', 'Baseline (median)', 'Overhead', 'Ratio'], [
    ['`mmm improve --dry-run --json` (analysis, worktree, lint + test, one review, worktree removed) vs the same git and npm commands from a shell', ms(dry), ms(sh), `+${ms(dry - sh)}`, `${(dry / sh).toFixed(2)}×`],
    [`${ITERATIONS}-iteration session (\`mmm improve --max-iterations ${ITERATIONS} --target 10\`), end to end, vs the project's commands it ran (baseline + ${ITERATIONS} validations)`, ms(sessionWall), ms(sessionCmds), `+${ms(sessionWall - sessionCmds)}`, `${(sessionWall / sessionCmds).toFixed(2)}×`],
    ['one iteration (startedAt → endedAt) vs its project commands (lint + test)', ms(med(allIterWall)), ms(med(allIterWall) - med(allOwn)), `+${ms(med(allOwn))} (the loop's own time)`, `${(med(allIterWall) / (med(allIterWall) - med(allOwn))).toFixed(2)}×`],
    ['zero config: `mmm tools --json` with @mmm/preset-recommended vs the same two plugins listed in mmm.config.json', ms(rTools), ms(rListed), `+${ms(rTools - rListed)}`, `${(rTools / rListed).toFixed(2)}×`],
    [`\`mmm loop sessions --json\`, ${count} sessions stored, vs \`mmm tools --json\``, ms(med(readWalls.get('sessions'))), ms(rTools), `+${ms(med(readWalls.get('sessions')) - rTools)}`, `${(med(readWalls.get('sessions')) / rTools).toFixed(2)}×`],
    [`\`mmm loop show <id> --json\` (a ${ITERATIONS}-iteration session, ${kb(readBytes.get('show'))}) vs \`mmm tools --json\``, ms(med(readWalls.get('show'))), ms(rTools), `+${ms(med(readWalls.get('show')) - rTools)}`, `${(med(readWalls.get('show')) / rTools).toFixed(2)}×`],
  ]),
  '',
  reading,
  '',
  '## How',
  '',
  `The built CLI (\`kernel/dist/mmm.js\`, \`node --no-node-snapshot\`, \`--yes\`) in a committed copy of the loop tests' JavaScript fixture (\`plugins/loop/test/fixtureRepo.ts\`: \`npm test\` = \`node --test\`, \`npm run lint\` = a script that fails on a \`var\`) with no mmm.config, so zero config loads \`@mmm/preset-recommended\` (the analyzer and the loop, sandboxed). Claude is the fake Messages API of \`@mmm/kernel/testing\` in the bench process (\`ANTHROPIC_BASE_URL\`), answering at once with scripted replies; so every Claude call here costs only its HTTP round trip and the loop's own handling. HOME is a temp dir, git identity from the environment. Every child process is spawned asynchronously and timed from spawn to exit. Medians; the ranges are min – max.`,
  '',
  `### 1. Dry run vs the shell`,
  '',
  `One warm-up dry run (it records the grants) and one warm-up shell round, then ${N.dry} rounds, each a dry run without --json (for the phases below), a dry run with --json (timed) and the shell sequence. The shell sequence, each command its own spawn, as the loop runs them: \`git worktree add -q -b <branch> <dir> HEAD\`, \`sh -c "npm run lint"\` and \`sh -c "npm test"\` in the worktree (CI=true), \`git worktree remove --force\`, \`git branch -D\`. The dry run does all that plus the analyzer over the project (twice: the project, then the worktree's health score), the session saved to state after every phase, and one review request.`,
  '',
  table(['', 'median', 'range'], [
    ['`mmm improve --dry-run --json`', ms(dry), range(dryWalls)],
    ['  its `npm run lint` (durationMs in the session)', ms(med(dryCmds.lint)), range(dryCmds.lint)],
    ['  its `npm test`', ms(med(dryCmds.test)), range(dryCmds.test)],
    ['shell sequence', ms(sh), range(shellWalls)],
    ...Object.keys(shellParts).map((k) => [`  \`${k}\``, ms(med(shellParts[k])), range(shellParts[k])]),
  ]),
  '',
  `The dry run's phases, from its progress lines: the \`mmm improve --dry-run\` without --json of each round (progress lines on stderr; not in the timings above), ${N.dry} runs; the time from one line to the next, i.e. what ran while that line was the latest, and the last line's until the exit (medians):`,
  '',
  table(['phase (the progress line)', 'per run', 'median each', 'median × count'], dryPhases.rows),
  '',
  `### 2. A ${ITERATIONS}-iteration session`,
  '',
  `\`mmm improve --max-iterations ${ITERATIONS} --target 10\` (not --json, so the progress lines come on stderr; the session is read afterwards with \`mmm loop show <id> --json\`, outside the timing). Scripted: the baseline review (score 5, two issues), then per iteration an edit (fixVar, addSubTest, a README edit), a text answer and a review that still lists an issue (6, 7, 8), so every iteration is accepted and committed and the session stops at max-iterations. One warm-up session, then ${N.session}. Each session leaves its worktree and branch (accepted work), as a real one does.`,
  '',
  `End to end: median ${ms(sessionWall)} (${range(sessions.map((s) => s.wall))}); the project's commands in it (baseline + ${ITERATIONS} validations, ${ITERATIONS * 2 + 2} commands): ${ms(sessionCmds)}.`,
  '',
  table(['iteration', 'wall (startedAt → endedAt)', 'project commands (lint + test)', "loop's own time"], perIteration.map((p) => [p.n, ms(p.wall), ms(p.cmds), ms(p.own)])),
  '',
  `The loop's own time in an iteration is the agent's two requests and their tool call, the changed-files check, the analyzer's health score of the worktree, the diff, the review request, the score, the commit, and the session written to state at each phase. Timestamps are the session's ISO strings (millisecond resolution).`,
  '',
  'Phases, from the progress lines on stderr (as for the dry run; medians per occurrence, and per session):',
  '',
  table(['phase (the progress line)', 'per session', 'median each', 'median × count'], sessionPhases.rows),
  '',
  '### 3. State reads',
  '',
  `After ${count} sessions are stored in the fixture's \`.mmm/state.db\` (${kb(stateDb)}): the dry runs and sessions above, topped up with dry runs. ${N.reads} rounds after one warm-up, the commands taking turns. \`mmm tools --json\` (zero config, same repository) is the floor of the loop commands: the CLI start and the config load, without starting a plugin; the loop commands start the loop's plugin host and read the state. Below it, \`mmm --help\` and \`mmm tools --json\` in a second copy of the fixture whose mmm.config.json lists the two plugins by path instead of loading the preset.`,
  '',
  table(['command', 'median', 'range', 'output'], (Object.keys(reads) as Read[]).map((k) => [readLabel[k], ms(med(readWalls.get(k))), range(readWalls.get(k)), kb(readBytes.get(k))])),
  '',
  'Where the zero-config load goes: one `mmm tools --json` of each kind again, with a module hook counting the TypeScript files Node loads (type stripping), and once under `--cpu-prof` (buckets of `bench/cpuProfile.ts`). The preset is a TypeScript module that imports `definePreset` from `@mmm/kernel`, whose package entry is its TypeScript source, so loading it loads the kernel a second time, from source, beside the built CLI.',
  '',
  table(['`mmm tools --json`', 'TypeScript modules loaded', 'CPU profile total', 'type stripping', 'compiling Node built-ins'], (['tools', 'listed'] as const).map((k) => [k === 'tools' ? 'zero config (preset)' : 'plugins listed in mmm.config.json', startup[k].tsModules, ms(startup[k].cpu), ms(startup[k].strip), ms(startup[k].builtins)])),
  '',
].join('\n')
process.stdout.write(`${md}\n`)
if (write) writeFileSync(new URL('./RESULTS-loop.md', import.meta.url), md)
