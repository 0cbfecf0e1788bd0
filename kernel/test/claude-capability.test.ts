// ctx.claude from a real sandboxed plugin, through the real SDK, against the fake Messages API:
// grants, streaming to the caller, models per task, tool use, structured output, and every failure mode.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestKernel, startFakeClaude, type FakeClaudeServer, type TestKernel } from '../src/testing/index.ts'
import { ASKER, TEST_KEY, claudeKernel } from './helpers/claudeKernel.ts'

let fake: FakeClaudeServer
let k: TestKernel
beforeAll(async () => {
  fake = await startFakeClaude({ apiKey: TEST_KEY })
  k = await claudeKernel(fake.url, { claude: { idleTimeoutMs: 500 } })
})
afterAll(async () => {
  await k?.close()
  await fake?.close()
})
beforeEach(() => fake.reset())

describe('ctx.claude.message', () => {
  it('answers a sandboxed plugin, with usage, cost and the run it counted against', async () => {
    fake.enqueue({ text: 'The answer is 42.', outputTokens: 1000 })
    const r = (await k.call('asker.ask', { prompt: 'what is it?' })) as Record<string, unknown>
    expect(r).toMatchObject({ text: 'The answer is 42.', provider: 'api', model: 'fake-model-large', stopReason: 'end_turn', cached: false, run: k.claude.runId })
    expect((r.usage as { outputTokens: number }).outputTokens).toBe(1000)
    // 1000 output tokens at $15 per million, plus a few input tokens at $3
    expect(r.costUsd as number).toBeGreaterThan(0.015)
    expect(r.costUsd as number).toBeLessThan(0.016)
    expect(fake.messageRequests()[0]!.body.messages).toEqual([{ role: 'user', content: 'what is it?' }])
  })

  it('streams the text to the tool caller as progress and to the event hook as claude:delta', async () => {
    fake.enqueue({ text: 'one two three four five six seven eight nine ten', chunkDelayMs: 20 })
    const progress: string[] = []
    const events: string[] = []
    k.hooks.event.tap('test', (e) => { if (e.name === 'claude:delta') events.push(String((e.payload as { text?: string }).text ?? '')) })
    const marked: Array<boolean | undefined> = []
    await k.call('asker.ask', { prompt: 'count' }, { onProgress: (p) => { progress.push(p.message ?? ''); marked.push(p.stream) } })
    expect(progress.length).toBeGreaterThan(1)
    // Marked as streamed text all the way from the sandboxed plugin's call (the CLI prints it as text, not as a count).
    expect(marked.every((m) => m === true)).toBe(true)
    expect(progress.join('')).toBe('one two three four five six seven eight nine ten')
    expect(events.join('')).toBe('one two three four five six seven eight nine ten')
  })

  it('picks the model of the task, and an explicit model over it', async () => {
    await k.call('asker.ask', { task: 'review', prompt: 'x' })
    await k.call('asker.ask', { task: 'unknown-task', prompt: 'x' })
    await k.call('asker.ask', { task: 'review', model: 'explicit-model', prompt: 'x' })
    expect(fake.messageRequests().map((r) => r.body.model)).toEqual(['fake-model-review', 'fake-model-large', 'explicit-model'])
  })

  it('runs a tool-use loop: the model calls a tool the plugin declares, the plugin answers', async () => {
    fake.enqueue({ toolUse: [{ name: 'add', input: { a: 2, b: 3 } }] }, { text: '2 + 3 = 5' })
    await expect(k.call('asker.agent', { prompt: 'add 2 and 3' })).resolves.toEqual({ text: '2 + 3 = 5', turns: 2 })
    const second = fake.messageRequests()[1]!.body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>
    expect(second[2]!.content[0]).toMatchObject({ type: 'tool_result', content: '5' })
  })

  it('returns a structured answer validated against the schema, repairing one bad answer', async () => {
    const schema = { type: 'object', required: ['score'], properties: { score: { type: 'number', minimum: 0, maximum: 10 } } }
    fake.enqueue({ text: 'I think it is good' }, { text: '```json\n{"score": 8}\n```' })
    const r = (await k.call('asker.ask', { prompt: 'rate it', schema })) as { output: unknown }
    expect(r.output).toEqual({ score: 8 })
    const [first, repair] = fake.messageRequests()
    expect(JSON.stringify(first!.body.system)).toContain('JSON Schema')
    expect(JSON.stringify(repair!.body.messages)).toContain('does not satisfy the JSON Schema')
  })

  it('fails with MMM_CLAUDE_INVALID_OUTPUT after one repair attempt', async () => {
    fake.enqueue({ text: '{"score": 99}' }, { text: '{"score": "high"}' }, { text: '{"score": 5}' })
    await expect(k.call('asker.ask', { prompt: 'rate', schema: { type: 'object', required: ['score'], properties: { score: { type: 'number', maximum: 10 } } } }))
      .rejects.toMatchObject({ code: 'MMM_CLAUDE_INVALID_OUTPUT', message: expect.stringMatching(/score/) })
    expect(fake.messageRequests()).toHaveLength(2)
  })

  it('refuses a malformed request with MMM_INVALID_INPUT, sending nothing', async () => {
    await expect(k.call('asker.ask', { messages: [{ role: 'robot', content: 'x' }] })).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT' })
    await expect(k.call('asker.ask', {})).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT', message: expect.stringMatching(/messages.*prompt/) })
    expect(fake.messageRequests()).toHaveLength(0)
  })

  it('counts tokens and lists the models the API offers', async () => {
    await expect(k.call('asker.count', { prompt: 'x'.repeat(400) })).resolves.toMatchObject({ estimated: false, input_tokens: expect.any(Number) })
    const models = (await k.call('asker.models')) as Array<{ id: string }>
    expect(models.map((m) => m.id)).toEqual(['fake-model-large', 'fake-model-small'])
  })
})

describe('failures', () => {
  it('retries 529 and 500 answers (the SDK backoff), then succeeds', async () => {
    fake.enqueue({ error: { status: 529, type: 'overloaded_error' } }, { error: { status: 500, type: 'api_error' } }, { text: 'ok now' })
    await expect(k.call('asker.ask', { prompt: 'x' })).resolves.toMatchObject({ text: 'ok now' })
    expect(fake.messageRequests()).toHaveLength(3)
  })

  it('does not retry a spend-limit 429: one request, a clear error', async () => {
    fake.enqueue({ error: { status: 429, type: 'rate_limit_error', message: 'spend limit reached', details: { error_code: 'enforced_spend_limit_reached' } }, retryAfter: 0 })
    await expect(k.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_SPEND_LIMIT', message: expect.stringMatching(/spend limit.*does not retry/) })
    expect(fake.messageRequests()).toHaveLength(1)
  })

  it('gives up on a 429 after the retries with MMM_CLAUDE_RATE_LIMITED', async () => {
    for (let i = 0; i < 3; i++) fake.enqueue({ error: { status: 429, type: 'rate_limit_error' }, retryAfter: 0 })
    await expect(k.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_RATE_LIMITED' })
    expect(fake.messageRequests()).toHaveLength(3)
  })

  it('retries a mid-stream overloaded error when nothing was shown yet', async () => {
    fake.enqueue({ midStreamError: { type: 'overloaded_error' }, text: 'partial' }, { text: 'complete answer' })
    await expect(k.call('asker.ask', { prompt: 'x', stream: false })).resolves.toMatchObject({ text: 'complete answer' })
    expect(fake.messageRequests()).toHaveLength(2)
  })

  it('does not retry a mid-stream overloaded error after text reached the caller', async () => {
    fake.enqueue({ midStreamError: { type: 'overloaded_error' }, text: 'partial' }, { text: 'never sent' })
    await expect(k.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_OVERLOADED', message: expect.stringMatching(/already shown/) })
    expect(fake.messageRequests()).toHaveLength(1)
  })

  it('abandons a stalled stream after the idle timeout', async () => {
    fake.enqueue({ stall: true, text: 'thinking…' })
    await expect(k.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_STALLED', message: expect.stringMatching(/500 ms/) })
  })

  it('cancels through the call signal', async () => {
    fake.enqueue({ text: 'a long answer '.repeat(40), chunkDelayMs: 50 })
    const ac = new AbortController()
    const p = k.call('asker.ask', { prompt: 'x' }, { signal: ac.signal, onProgress: () => ac.abort() })
    await expect(p).rejects.toMatchObject({ code: 'MMM_CANCELLED' })
  })

  it('maps a rejected key to MMM_CLAUDE_AUTH without the key in the message', async () => {
    const other = await claudeKernel(fake.url, { env: { ANTHROPIC_API_KEY: 'sk-ant-api03-WRONGKEY-zzzzzzzzzzzz' } })
    try {
      const e = (await other.call('asker.ask', { prompt: 'x' }).catch((x: unknown) => x)) as { code: string; message: string }
      expect(e.code).toBe('MMM_CLAUDE_AUTH')
      expect(e.message).not.toContain('WRONGKEY')
    } finally {
      await other.close()
    }
  })

  it('without the claude grant: MMM_PERMISSION_DENIED naming the permission', async () => {
    const other = await createTestKernel({ plugins: [{ name: 'asker', code: ASKER }], env: { PATH: '/usr/bin', ANTHROPIC_API_KEY: TEST_KEY } })
    try {
      await expect(other.call('asker.ask', { prompt: 'x' })).rejects.toMatchObject({ code: 'MMM_PERMISSION_DENIED', message: expect.stringMatching(/"claude": true/) })
    } finally {
      await other.close()
    }
  })

  it('with no key and no claude CLI: MMM_NOT_CONFIGURED explaining both providers', async () => {
    const other = await claudeKernel(fake.url, { claude: { provider: 'auto' }, env: { ANTHROPIC_API_KEY: '', PATH: '/nonexistent' } })
    try {
      const e = (await other.call('asker.ask', { prompt: 'x' }).catch((x: unknown) => x)) as { code: string; message: string }
      expect(e.code).toBe('MMM_NOT_CONFIGURED')
      expect(e.message).toMatch(/ANTHROPIC_API_KEY/)
      expect(e.message).toMatch(/claude-code/)
      expect(e.message).toMatch(/mmm claude key set/)
    } finally {
      await other.close()
    }
  })

  it('never writes the API key to logs, state, history or errors', async () => {
    fake.enqueue({ error: { status: 400, type: 'invalid_request_error', message: `bad request for key ${TEST_KEY}` } })
    const e = (await k.call('asker.ask', { prompt: 'x' }).catch((x: unknown) => x)) as { code: string; message: string }
    expect(e.code).toBe('MMM_CLAUDE_API_ERROR')
    expect(e.message).not.toContain(TEST_KEY)
    await k.call('asker.ask', { prompt: 'fine', cache: true })
    await k.history.flush()
    expect(JSON.stringify(k.logs)).not.toContain('TESTSECRET')
    expect(JSON.stringify(await k.history.list({ limit: 100 }))).not.toContain('TESTSECRET')
    const mmmDir = join(k.dir, '.mmm')
    for (const f of readdirSync(mmmDir)) if (f.startsWith('state.db')) expect(readFileSync(join(mmmDir, f)).includes('TESTSECRET')).toBe(false)
  })
})
