// The claude-code provider: a fake `claude` executable on PATH replays recorded stream-json; the same
// deltas, usage, cost and coded errors come out as with the api provider. And "auto" selection.
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startFakeClaude, type FakeClaudeServer, type TestKernel } from '../src/testing/index.ts'
import { TEST_KEY, claudeKernel } from './helpers/claudeKernel.ts'
import { CLI_FIXTURES, writeFakeClaude, type FakeCli } from './helpers/fakeClaudeCli.ts'

let dir: string
let cli: FakeCli
let fake: FakeClaudeServer
const kernels: TestKernel[] = []
beforeAll(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-claude-code-')))
  mkdirSync(join(dir, 'packages/app'), { recursive: true })
  cli = writeFakeClaude(dir)
  fake = await startFakeClaude({ apiKey: TEST_KEY })
})
afterAll(async () => {
  await fake?.close()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(async () => { await Promise.all(kernels.splice(0).map((k) => k.close())) })

async function kernel(claude: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<TestKernel> {
  const k = await claudeKernel(fake.url, {
    cwd: dir,
    claude: { provider: 'claude-code', claudeCode: { permissionMode: 'acceptEdits' }, idleTimeoutMs: 800, ...claude },
    env: { PATH: `${cli.bin}:/usr/bin:/bin`, ANTHROPIC_API_KEY: '', FAKE_CLAUDE_CONTROL: cli.control, ...env },
  })
  kernels.push(k)
  return k
}

describe('claude-code provider', () => {
  it('runs claude -p with stream-json in the project, the model and the permission mode; the prompt goes through stdin', async () => {
    const k = await kernel()
    cli.set({})
    const progress: string[] = []
    const r = (await k.call('asker.ask', { prompt: 'fix the typo in src/index.ts', system: 'You are careful.' }, { onProgress: (p) => progress.push(p.message ?? '') })) as Record<string, unknown>
    expect(r).toMatchObject({ provider: 'claude-code', text: 'I read src/index.ts and fixed the typo.', model: 'fake-model-large', costUsd: 0.0123 })
    expect(r.usage).toEqual({ inputTokens: 12, outputTokens: 14, cacheWriteTokens: 2048, cacheReadTokens: 4096 })
    expect(progress.join('')).toBe('I read src/index.ts and fixed the typo.')
    const last = cli.last()
    expect(last.stdin).toBe('fix the typo in src/index.ts')
    expect(last.cwd).toBe(dir)
    expect(last.argv).toEqual(expect.arrayContaining(['-p', '--output-format', 'stream-json', '--verbose']))
    expect(last.argv.slice(last.argv.indexOf('--model'), last.argv.indexOf('--model') + 2)).toEqual(['--model', 'fake-model-large'])
    expect(last.argv.slice(last.argv.indexOf('--permission-mode'), last.argv.indexOf('--permission-mode') + 2)).toEqual(['--permission-mode', 'acceptEdits'])
    expect(last.argv.slice(last.argv.indexOf('--append-system-prompt'), last.argv.indexOf('--append-system-prompt') + 2)).toEqual(['--append-system-prompt', 'You are careful.'])
    // accounted like any call, with the cost the CLI reported
    expect(await k.claude.ledger.run(k.claude.runId)).toMatchObject({ calls: 1, costUsd: 0.0123, cacheReadTokens: 4096 })
  })

  it('takes a working directory inside the project and a permission mode per request', async () => {
    const k = await kernel()
    await k.call('asker.ask', { prompt: 'x', cwd: 'packages/app', permissionMode: 'plan' })
    expect(cli.last().cwd).toBe(join(dir, 'packages/app'))
    expect(cli.last().argv).toContain('plan')
    await expect(k.call('asker.ask', { prompt: 'x', cwd: '../..' })).rejects.toMatchObject({ code: 'MMM_PERMISSION_DENIED' })
  })

  it('flattens a conversation into one prompt', async () => {
    const k = await kernel()
    await k.call('asker.ask', { messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'second' }] })
    expect(cli.last().stdin).toBe('User: first\n\nAssistant: ok\n\nUser: second')
  })

  it('turns an error result into MMM_CLAUDE_CLI_FAILED with the CLI\'s message', async () => {
    const k = await kernel()
    cli.set({ stream: join(CLI_FIXTURES, 'stream-error.jsonl') })
    await expect(k.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_CLI_FAILED', message: expect.stringMatching(/Invalid API key/) })
  })

  it('reports a crash with the last line of its stderr', async () => {
    const k = await kernel()
    cli.set({ crash: true })
    await expect(k.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_CLI_FAILED', message: expect.stringMatching(/exit code 3.*not logged in/) })
  })

  it('stops a stalled CLI after the idle timeout', async () => {
    const k = await kernel()
    cli.set({ stream: join(CLI_FIXTURES, 'stream-stall.jsonl'), hang: true })
    await expect(k.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_STALLED' })
  })

  it('is cancelled with the call', async () => {
    const k = await kernel()
    cli.set({ delayMs: 300 })
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 400)
    await expect(k.call('asker.ask', { prompt: 'x' }, { signal: ac.signal })).rejects.toMatchObject({ code: 'MMM_CANCELLED' })
  })

  it('refuses plugin-declared tools with a clear error', async () => {
    const k = await kernel()
    await expect(k.call('asker.agent', { prompt: 'add' })).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT', message: expect.stringMatching(/provider to "api"/) })
  })

  it('leaves a plugin\'s tools out of an agent run in a directory (Claude Code works there with its own)', async () => {
    const k = await kernel()
    const tools = [{ name: 'edit', input_schema: { type: 'object' } }]
    await expect(k.call('asker.ask', { prompt: 'fix it', tools, cwd: '.' })).resolves.toMatchObject({ provider: 'claude-code', text: 'I read src/index.ts and fixed the typo.' })
    expect(cli.last().cwd).toBe(dir)
  })

  it('lists the CLI\'s model aliases', async () => {
    const k = await kernel()
    await expect(k.call('asker.models')).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id: 'sonnet' })]))
  })
})

describe('auto selection', () => {
  it('uses the API when a key is present, even with the CLI installed', async () => {
    const k = await kernel({ provider: 'auto' }, { ANTHROPIC_API_KEY: TEST_KEY })
    await expect(k.call('asker.ask', { prompt: 'x' })).resolves.toMatchObject({ provider: 'api' })
  })

  it('uses the CLI when there is no key', async () => {
    const k = await kernel({ provider: 'auto' })
    cli.set({})
    await expect(k.call('asker.ask', { prompt: 'x' })).resolves.toMatchObject({ provider: 'claude-code' })
  })

  it('"claude-code" without the CLI: MMM_NOT_CONFIGURED naming the command', async () => {
    const k = await kernel({ claudeCode: { command: 'claude-missing' } })
    await expect(k.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_NOT_CONFIGURED', message: expect.stringMatching(/claude-missing.*not on PATH/) })
  })
})

describe('provider per request', () => {
  it('a request naming "claude-code" goes to the CLI while the config says "api"; the others still go to the API', async () => {
    const k = await kernel({ provider: 'api' }, { ANTHROPIC_API_KEY: TEST_KEY })
    cli.set({})
    fake.reset()
    await expect(k.call('asker.ask', { prompt: 'fix it', provider: 'claude-code' })).resolves.toMatchObject({ provider: 'claude-code', text: 'I read src/index.ts and fixed the typo.' })
    expect(cli.last().stdin).toBe('fix it')
    expect(fake.messageRequests()).toHaveLength(0)
    await expect(k.call('asker.ask', { prompt: 'score it' })).resolves.toMatchObject({ provider: 'api', text: 'echo: score it' })
    expect(fake.messageRequests()).toHaveLength(1)
    const calls = await k.claude.ledger.run(k.claude.runId)
    expect(calls).toMatchObject({ calls: 2 })
  })

  it('a request naming "api" goes to the Messages API while the config says "claude-code"', async () => {
    const k = await kernel({ provider: 'claude-code' }, { ANTHROPIC_API_KEY: TEST_KEY })
    cli.set({ crash: true })
    fake.reset()
    await expect(k.call('asker.ask', { prompt: 'review it', provider: 'api' })).resolves.toMatchObject({ provider: 'api', text: 'echo: review it' })
    expect(fake.messageRequests()).toHaveLength(1)
    // the config's provider is still the CLI (here set up to crash)
    await expect(k.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_CLI_FAILED' })
  })

  it('a request naming a provider that cannot be set up fails with MMM_NOT_CONFIGURED saying how to set it up', async () => {
    const k = await kernel({ provider: 'claude-code' })
    await expect(k.call('asker.ask', { prompt: 'x', provider: 'api' })).rejects.toMatchObject({ code: 'MMM_NOT_CONFIGURED', message: expect.stringMatching(/request's provider is "api" but no API key was found.*ANTHROPIC_API_KEY/) })
    await expect(k.call('asker.ask', { prompt: 'x', provider: 'gpt' })).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT' })
  })
})
