// The real CLI (kernel/dist) killed in the middle of an iteration — kill -9 of its whole process group, and
// Ctrl-C (SIGINT to the group, as a terminal sends it) — then `mmm loop resume`: accepted work is kept, the
// half-applied edit is gone, and the session finishes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startFakeClaude, type FakeClaudeServer, type FakeReply } from '@mmm/kernel/testing'
import { git, gitEnv, JS_FILES, makeRepo, snapshot } from './fixtureRepo.ts'
import { GRANTS } from './loopHarness.ts'

const repo = fileURLToPath(new URL('../../..', import.meta.url))
const built = join(repo, 'kernel/dist/mmm.js')
let fake: FakeClaudeServer
let dir = ''
let child: ChildProcess | undefined
const home = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-loop-home-')))

beforeAll(async () => {
  fake = await startFakeClaude({ apiKey: 'sk-ant-test-cli' })
})
afterAll(async () => {
  await fake?.close()
  rmSync(home, { recursive: true, force: true })
})
afterEach(() => {
  try {
    if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL')
  } catch {
    // gone already
  }
  if (dir) rmSync(dir, { recursive: true, force: true })
  fake.reset()
})

function project(): string {
  dir = makeRepo({ ...JS_FILES, '.gitignore': 'node_modules/\n.mmm/\nmmm.config.json\n' })
  // A dirty tree: a modified file, a staged change, an untracked file — all must survive the kill.
  writeFileSync(join(dir, 'README.md'), '# calc\n\nwork in progress\n')
  writeFileSync(join(dir, 'src/sub.js'), `${JS_FILES['src/sub.js']}// staged\n`)
  git(dir, 'add', 'src/sub.js')
  writeFileSync(join(dir, 'notes.txt'), 'mine\n')
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({
    plugins: [join(repo, 'plugins/analyzer'), join(repo, 'plugins/loop')],
    grants: GRANTS,
    claude: { provider: 'api', baseURL: fake.url, model: 'fake-model', maxRetries: 0 },
  }))
  return dir
}

const env = () => ({ PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', ANTHROPIC_API_KEY: 'sk-ant-test-cli', ...gitEnv })
/** For commands that reach Claude: the fake server lives in this process, so the child must not block it. */
const mmmAsync = (args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
  const c = spawn(process.execPath, ['--no-node-snapshot', built, ...args], { cwd: dir, env: env() })
  let stdout = ''
  let stderr = ''
  c.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  c.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  c.on('close', (status) => resolve({ status, stdout, stderr }))
})
/** For commands that do not reach Claude. */
const mmm = (args: string[]) => spawnSync(process.execPath, ['--no-node-snapshot', built, ...args], { cwd: dir, encoding: 'utf8', env: env(), timeout: 60_000 })
const review = (score: number, issues: Array<Record<string, unknown>>): FakeReply => ({ text: JSON.stringify({ score, summary: `score ${score}`, issues }) })
const VAR = { severity: 'high', title: 'var in add', file: 'src/add.js', line: 2 }
const fixVar: FakeReply = { toolUse: [{ name: 'str_replace', input: { path: 'src/add.js', old_str: '  var sum = a + b', new_str: '  const sum = a + b' } }] }

/** Starts `mmm improve` in its own process group and waits until the agent's edit is made and its next request hangs. */
async function improveUntilStalled(): Promise<{ id: string; worktree: string }> {
  fake.enqueue(review(5, [VAR]), fixVar, { stall: true })
  child = spawn(process.execPath, ['--no-node-snapshot', built, 'improve'], { cwd: dir, env: env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => { err += d.toString() })
  for (let i = 0; i < 600 && fake.messageRequests().length < 3; i++) await new Promise((r) => setTimeout(r, 100))
  expect(fake.messageRequests().length, err).toBe(3)
  const [row] = JSON.parse(mmm(['loop', 'sessions', '--json']).stdout) as Array<{ id: string }>
  const worktree = `.mmm/worktrees/${row!.id}`
  // Half-applied: the edit is in the worktree, uncommitted.
  expect(readFileSync(join(dir, worktree, 'src/add.js'), 'utf8')).toContain('const sum')
  return { id: row!.id, worktree }
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))))

describe('mmm improve interrupted', () => {
  it('kill -9 mid-iteration, then mmm loop resume: the half-applied edit is rolled back and the session finishes', async () => {
    project()
    const before = snapshot(dir)
    const { id, worktree } = await improveUntilStalled()
    process.kill(-child!.pid!, 'SIGKILL')
    await exited(child!)
    // Until the dead process's lease lapses (seconds) the session still looks running.
    let shown = { status: 'running', stop: { message: '' } }
    for (let i = 0; i < 40 && shown.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 500))
      shown = JSON.parse(mmm(['loop', 'show', id, '--json']).stdout) as typeof shown
    }
    expect(shown.status).toBe('stopped')
    expect(shown.stop.message).toMatch(/killed or crashed/)
    fake.reset()
    fake.enqueue(fixVar, { text: 'Replaced var.' }, review(9, []))
    const r = await mmmAsync(['loop', 'resume', id, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const s = JSON.parse(r.stdout) as { status: string; stop: { code: string }; iterations: Array<{ status: string }>; branch: string }
    expect(s).toMatchObject({ status: 'finished', stop: { code: 'target' } })
    expect(s.iterations.map((i) => i.status)).toEqual(['interrupted', 'accepted'])
    expect(git(dir, 'rev-list', '--count', `main..${s.branch}`).trim()).toBe('1')
    expect(git(join(dir, worktree), 'status', '--porcelain').trim()).toBe('')
    expect(snapshot(dir)).toEqual(before)
  }, 120_000)

  it('Ctrl-C rolls the unfinished iteration back before mmm exits, and the session stays resumable', async () => {
    project()
    const before = snapshot(dir)
    const { id, worktree } = await improveUntilStalled()
    process.kill(-child!.pid!, 'SIGINT')
    const code = await exited(child!)
    expect(code).not.toBe(0)
    // Rolled back by the interrupted process itself, not by a later resume.
    expect(readFileSync(join(dir, worktree, 'src/add.js'), 'utf8')).toBe(JS_FILES['src/add.js'])
    const shown = JSON.parse(mmm(['loop', 'show', id, '--json']).stdout) as { status: string; stop: { code: string }; iterations: Array<{ status: string }> }
    expect(shown).toMatchObject({ status: 'stopped', stop: { code: 'interrupted' }, iterations: [{ status: 'interrupted' }] })
    fake.reset()
    fake.enqueue(fixVar, { text: 'Replaced var.' }, review(9, []))
    const r = await mmmAsync(['loop', 'resume', id, '--json'])
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'finished', stop: { code: 'target' } })
    expect(snapshot(dir)).toEqual(before)
  }, 120_000)
})
