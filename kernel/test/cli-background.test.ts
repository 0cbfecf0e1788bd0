// `--background` on tool commands, as a user runs them (the built CLI, real detached processes, a real
// sandboxed plugin, the real SDK against the fake Messages API): the parent returns at once with the job
// id; the job records its outcome; `mmm jobs cancel` reaches the tool as cancellation; a wrong tool or
// input fails in the parent and starts nothing.
import { existsSync, readdirSync, readFileSync, realpathSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeClaude, type FakeClaudeServer } from '../src/testing/index.ts'
import { BUILT_CLI, SLOW_PLUGIN, runBuiltCli, until } from './helpers/builtCli.ts'

const KEY = 'sk-ant-api03-BGTESTKEY-0123456789'
let dir: string
let fake: FakeClaudeServer

const mmm = (args: string[]) => runBuiltCli(dir, args, { ANTHROPIC_API_KEY: KEY, MMM_CLAUDE_BASE_URL: fake.url })
const record = (id: string) => JSON.parse(readFileSync(join(dir, '.mmm/jobs', `${id}.json`), 'utf8')) as Record<string, unknown>
const log = (id: string) => readFileSync(join(dir, '.mmm/jobs', `${id}.log`), 'utf8')
/** The last JSON document of a log: the one printed from a line holding only "{". */
const lastDocument = (text: string) => JSON.parse(text.slice(text.lastIndexOf('\n{\n') + 1)) as Record<string, unknown>
const jobFiles = () => (existsSync(join(dir, '.mmm/jobs')) ? readdirSync(join(dir, '.mmm/jobs')).sort() : [])

beforeAll(async () => {
  expect(existsSync(BUILT_CLI), 'kernel/dist/mmm.js is missing: run pnpm build').toBe(true)
  fake = await startFakeClaude({ apiKey: KEY })
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-bg-')))
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({
    plugins: [{ use: SLOW_PLUGIN, permissions: { claude: true } }],
    grants: { slow: { claude: true } },
    claude: { model: 'fake-model-large', prices: { 'fake-model': { input: 3, output: 15 } } },
  }))
})
afterAll(async () => {
  await fake?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('--background on tool commands', () => {
  it('runs a tool short form to completion: its record says succeeded with the tool id and argv, the log ends with the result, Claude usage counts under the job', async () => {
    const start = await mmm(['slow', 'work', '--label', 'one', '--ask', '--background', '--json'])
    expect(start.code).toBe(0)
    const { job, log: logFile } = JSON.parse(start.stdout) as { job: string; log: string }
    expect(logFile).toBe(join(dir, '.mmm/jobs', `${job}.log`))
    const watch = await mmm(['jobs', 'watch', job])
    expect(watch.code).toBe(0)
    expect(watch.stderr).toContain(`job ${job} succeeded`)
    expect(record(job)).toMatchObject({ id: job, command: 'slow.work', args: ['--label', 'one', '--ask'], status: 'succeeded', costUsd: expect.any(Number) })
    expect(record(job).costUsd).toBeGreaterThan(0)
    // --background is mmm's flag, never the tool's input (even though the tool has an input of that name)
    expect(lastDocument(log(job))).toEqual({ done: 'one', background: null, text: 'echo: hello from one', run: job })
    const listed = JSON.parse((await mmm(['jobs', '--json'])).stdout) as Array<{ id: string; command: string; status: string }>
    expect(listed.find((j) => j.id === job)).toMatchObject({ command: 'slow.work', status: 'succeeded' })
  })

  it('counts in the job\'s cost what the tool spent under a run of its own (a loop session)', async () => {
    const start = await mmm(['slow', 'work', '--label', 'three', '--ask', '--session', 'session-3', '--background', '--json'])
    expect(start.code).toBe(0)
    const { job } = JSON.parse(start.stdout) as { job: string }
    expect((await mmm(['jobs', 'watch', job])).code).toBe(0)
    expect(lastDocument(log(job))).toMatchObject({ done: 'three', run: 'session-3' })
    expect(record(job)).toMatchObject({ status: 'succeeded', costUsd: expect.any(Number) })
    expect(record(job).costUsd).toBeGreaterThan(0)
    const listed = (await mmm(['jobs'])).stdout
    expect(listed).toMatch(new RegExp(`${job}.*\\$0\\.\\d{4}`))
  })

  it('runs mmm call <tool> --background the same way, human output naming the job', async () => {
    const start = await mmm(['call', 'slow.work', '--input', '{"label":"two"}', '--background'])
    expect(start.code).toBe(0)
    const job = /Started job (job-\S+)/.exec(start.stdout)?.[1]
    expect(job).toBeDefined()
    const done = await until(() => record(job!), (r) => r.status !== 'running')
    expect(done).toMatchObject({ command: 'slow.work', args: ['--input', '{"label":"two"}'], status: 'succeeded' })
    expect(lastDocument(log(job!))).toEqual({ done: 'two', background: null })
  })

  it('a cancelled job ends "cancelled": the tool saw call.signal abort and finished its clean-up', async () => {
    const start = await mmm(['slow', 'work', '--label', 'three', '--ms', '600000', '--background', '--json'])
    const { job } = JSON.parse(start.stdout) as { job: string }
    await until(() => (existsSync(join(dir, '.mmm/jobs', `${job}.log`)) ? log(job) : ''), (text) => text.includes('[slow] started three'))
    const cancel = await mmm(['jobs', 'cancel', job, '--json'])
    expect(cancel.code).toBe(0)
    expect(JSON.parse(cancel.stdout)).toMatchObject({ id: job, status: 'cancelled', error: { code: 'MMM_CANCELLED' } })
    expect(lastDocument(log(job))).toMatchObject({ error: { code: 'MMM_CANCELLED', tool: 'slow.work' } })
    // what the tool's abort handler wrote after the call was cancelled, before its sandbox was stopped
    expect(JSON.parse((await mmm(['call', 'slow.cleaned', '--json'])).stdout)).toBe('three')
  })

  it('a bad tool id, or input the tool refuses, fails in the parent with exit 2 and starts nothing', async () => {
    const before = jobFiles()
    const unknown = await mmm(['call', 'slow.nope', '--background'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no tool "slow\.nope".*MMM_TOOL_NOT_FOUND/)
    const missing = await mmm(['slow', 'work', '--background', '--json'])
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'MMM_INVALID_INPUT', message: expect.stringMatching(/label/) } })
    const wrong = await mmm(['call', 'slow.work', '--input', '{"label":1}', '--background'])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/MMM_INVALID_INPUT/)
    const notJson = await mmm(['call', 'slow.work', '--input', '{nope', '--background'])
    expect(notJson.code).toBe(2)
    expect(jobFiles()).toEqual(before)
  })
})
