// The Claude commands as a user runs them (real processes, the real SDK, the fake Messages API):
// mmm claude models / usage / key set, mmm run <command> with templates, and background jobs that
// survive the mmm that started them (a killed one is marked, not lost).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeClaude, type FakeClaudeServer } from '../kernel/src/testing/index.ts'

const main = fileURLToPath(new URL('../kernel/src/cli/main.ts', import.meta.url))
const KEY = 'sk-ant-api03-CLITESTKEY-0123456789'
let dir: string
let fake: FakeClaudeServer

function mmm(args: string[], o: { env?: Record<string, string>; input?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg'), NO_COLOR: '1', ANTHROPIC_API_KEY: KEY, MMM_CLAUDE_BASE_URL: fake.url, ...o.env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d })
    child.stderr.on('data', (d: Buffer) => { stderr += d })
    child.stdin.end(o.input ?? '')
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

async function until<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 100))
  }
}

beforeAll(async () => {
  fake = await startFakeClaude({ apiKey: KEY })
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-claude-cli-')))
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ claude: { model: 'fake-model-large', prices: { 'fake-model': { input: 3, output: 15 } } } }))
  mkdirSync(join(dir, '.mmm/commands'), { recursive: true })
  writeFileSync(join(dir, '.mmm/commands/greet.md'), '---\ndescription: Greets someone\ncache: true\narguments:\n  - name: name\n    required: true\n  - name: mood\n    default: cheerful\n---\nSay hello to {{name}} in a {{mood}} way.{{args}}\n')
  writeFileSync(join(dir, '.mmm/commands/review.md'), '---\ndescription: Our own review\n---\nReview it our way.\n')
})
afterAll(async () => {
  await fake?.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => fake.reset())

describe('mmm claude', () => {
  it('models lists what the API offers; without a key it explains both providers (exit 2)', async () => {
    const r = await mmm(['claude', 'models', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: 'api', models: [{ id: 'fake-model-large' }, { id: 'fake-model-small' }] })
    const none = await mmm(['claude', 'models'], { env: { ANTHROPIC_API_KEY: '', PATH: '/nonexistent' } })
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/ANTHROPIC_API_KEY.*claude-code.*\[MMM_NOT_CONFIGURED\]/s)
  })

  it('key set stores the key with mode 0600 and it is used; usage shows the spend', async () => {
    const set = await mmm(['claude', 'key', 'set'], { input: `${KEY}\n`, env: { ANTHROPIC_API_KEY: '' } })
    expect(set.code).toBe(0)
    expect(set.stdout).not.toContain(KEY)
    const file = join(dir, '.xdg/mmm/credentials.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const r = await mmm(['run', 'greet', 'Ada'], { env: { ANTHROPIC_API_KEY: '' } })
    expect(r.code).toBe(0)
    const usage = await mmm(['claude', 'usage', '--json'])
    expect(JSON.parse(usage.stdout).today.calls).toBeGreaterThanOrEqual(1)
    rmSync(file)
  })
})

describe('mmm run', () => {
  it('lists built-in and project templates (the project overrides a built-in)', async () => {
    const r = await mmm(['run', '--list', '--json'])
    const list = JSON.parse(r.stdout) as Array<{ name: string; source: string }>
    const names = list.map((t) => t.name)
    for (const n of ['review', 'implement-spec', 'lint-fix', 'coverage', 'debug', 'cleanup', 'commit-message', 'greet']) expect(names).toContain(n)
    expect(list.find((t) => t.name === 'review')!.source).toBe('project')
  })

  it('fills the template (flags, positionals, defaults, extra words) and streams the answer', async () => {
    const r = await mmm(['run', 'greet', 'Ada', '--mood', 'grumpy', 'and', 'more'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('echo: Say hello to Ada in a grumpy way.and more\n')
    expect(r.stderr).toMatch(/api · fake-model-large · \d+ in \(0 cached\) \/ \d+ out · \$0\.\d{4}/)
    expect(fake.messageRequests()[0]!.body.messages).toEqual([{ role: 'user', content: 'Say hello to Ada in a grumpy way.and more' }])
  })

  it('answers a cacheable template from the response cache the second time, unless --no-cache', async () => {
    await mmm(['run', 'greet', '--name', 'Cy'])
    const again = await mmm(['run', 'greet', '--name', 'Cy', '--json'])
    expect(JSON.parse(again.stdout)).toMatchObject({ cached: true, costUsd: 0 })
    expect(fake.messageRequests()).toHaveLength(1)
    const fresh = await mmm(['run', 'greet', '--name', 'Cy', '--no-cache', '--json'])
    expect(JSON.parse(fresh.stdout)).toMatchObject({ cached: false })
    expect(fake.messageRequests()).toHaveLength(2)
  })

  it('bad input is exit 2 with a coded error: missing argument, unknown flag, unknown command', async () => {
    const missing = await mmm(['run', 'greet'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/needs --name.*\[MMM_INVALID_INPUT\]/)
    const flag = await mmm(['run', 'greet', 'Ada', '--colour', 'red'])
    expect(flag.stderr).toMatch(/no argument --colour/)
    const unknown = await mmm(['run', 'gret'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/did you mean "greet".*\[MMM_COMMAND_NOT_FOUND\]/)
    expect(fake.messageRequests()).toHaveLength(0)
  })
})

describe('mmm jobs', () => {
  it('runs a command in the background: jobs lists it, watch follows it to the end, logs keeps the output', async () => {
    fake.enqueue({ text: 'a background answer, streamed slowly', chunkDelayMs: 40 })
    const start = await mmm(['run', 'greet', 'Bea', '--no-cache', '--background', '--json'])
    expect(start.code).toBe(0)
    const { job } = JSON.parse(start.stdout) as { job: string }
    const watch = await mmm(['jobs', 'watch', job])
    expect(watch.code).toBe(0)
    expect(watch.stdout).toContain('a background answer, streamed slowly')
    expect(watch.stderr).toContain(`job ${job} succeeded`)
    const list = JSON.parse((await mmm(['jobs', '--json'])).stdout) as Array<{ id: string; status: string; costUsd: number }>
    expect(list.find((j) => j.id === job)).toMatchObject({ status: 'succeeded', costUsd: expect.any(Number) })
    const logs = await mmm(['jobs', 'logs', job.slice(0, -1)])
    expect(logs.stdout).toContain('a background answer, streamed slowly')
  })

  it('cancels a running job', async () => {
    fake.enqueue({ stall: true, text: 'thinking' })
    const { job } = JSON.parse((await mmm(['run', 'greet', 'Cal', '--no-cache', '--background', '--json'])).stdout) as { job: string }
    await until(() => fake.messageRequests().length, (n) => n > 0)
    const r = await mmm(['jobs', 'cancel', job, '--json'])
    expect(r.code).toBe(0)
    // the job itself saw the signal, stopped its Claude call and recorded why
    expect(JSON.parse(r.stdout)).toMatchObject({ id: job, status: 'cancelled', error: { code: 'MMM_CANCELLED' } })
  })

  it('marks a killed job as orphaned instead of losing it', async () => {
    fake.enqueue({ stall: true, text: 'working' })
    const { job } = JSON.parse((await mmm(['run', 'greet', 'Dee', '--no-cache', '--background', '--json'])).stdout) as { job: string }
    await until(() => fake.messageRequests().length, (n) => n > 0)
    const record = JSON.parse(readFileSync(join(dir, '.mmm/jobs', `${job}.json`), 'utf8')) as { pid: number; status: string }
    expect(record.status).toBe('running')
    process.kill(record.pid, 'SIGKILL')
    const after = await until(async () => (JSON.parse((await mmm(['jobs', '--json'])).stdout) as Array<{ id: string; status: string }>).find((j) => j.id === job)!, (j) => j.status !== 'running')
    expect(after).toMatchObject({ status: 'orphaned', error: { code: 'MMM_JOB_ORPHANED' } })
    expect(existsSync(join(dir, '.mmm/jobs', `${job}.log`))).toBe(true)
    const missing = await mmm(['jobs', 'logs', 'job-nope'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/MMM_JOB_NOT_FOUND/)
  })
})
