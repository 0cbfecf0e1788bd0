// Tokens and cost per call / run / day (state + the claudeResponse hook), budgets refusing before
// sending, prompt caching marks and cache reads, and the response cache with its TTL.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LEDGER_NS } from '../src/claude/UsageLedger.ts'
import { startFakeClaude, type FakeClaudeServer, type TestKernel } from '../src/testing/index.ts'
import { TEST_KEY, claudeKernel } from './helpers/claudeKernel.ts'

let fake: FakeClaudeServer
const kernels: TestKernel[] = []
beforeAll(async () => { fake = await startFakeClaude({ apiKey: TEST_KEY }) })
afterAll(() => fake?.close())
beforeEach(() => fake.reset())
afterEach(async () => { await Promise.all(kernels.splice(0).map((k) => k.close())) })

async function kernel(o: Parameters<typeof claudeKernel>[1] = {}): Promise<TestKernel> {
  const k = await claudeKernel(fake.url, o)
  kernels.push(k)
  return k
}

const SYSTEM = 'You review TypeScript. Project context: ' + 'the project is a plugin-first microkernel. '.repeat(60)

describe('accounting', () => {
  it('stores tokens and cost per run and per day, and a record per call', async () => {
    const k = await kernel()
    fake.enqueue({ text: 'a', outputTokens: 100 }, { text: 'b', outputTokens: 300 })
    const a = (await k.call('asker.ask', { prompt: 'one' })) as { costUsd: number; usage: { inputTokens: number } }
    const b = (await k.call('asker.ask', { prompt: 'two', task: 'review' })) as { costUsd: number; usage: { inputTokens: number } }
    const run = await k.claude.ledger.run(k.claude.runId)
    expect(run).toMatchObject({ calls: 2, outputTokens: 400, inputTokens: a.usage.inputTokens + b.usage.inputTokens })
    expect(run.costUsd).toBeCloseTo(a.costUsd + b.costUsd, 6)
    expect(await k.claude.ledger.day()).toMatchObject({ calls: 2, outputTokens: 400 })
    const calls = await k.claude.ledger.calls()
    expect(calls.map((c) => [c.plugin, c.task ?? null, c.model])).toEqual([['asker', 'review', 'fake-model-review'], ['asker', null, 'fake-model-large']])
    // It is in the state store, where any later process finds it.
    const rows = await k.state.list(LEDGER_NS, 'run:')
    expect(rows.map((r) => r.key)).toEqual([expect.stringMatching(new RegExp(`^run:${k.claude.runId}:`))])
  })

  it('emits every call on the claudeResponse hook, which plugins tap; claudeRequest may enrich the request', async () => {
    const k = await kernel({ tapper: true })
    fake.enqueue({ text: 'x', outputTokens: 10 })
    await k.call('asker.ask', { prompt: 'hi', system: 'be brief', task: 'review' })
    const seen = (await k.call('tapper.seen')) as Array<Record<string, unknown>>
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ plugin: 'asker', task: 'review', model: 'fake-model-review', provider: 'api', cached: false, usage: { outputTokens: 10 } })
    expect(seen[0]!.costUsd).toBeGreaterThan(0)
    expect(fake.messageRequests()[0]!.body.temperature).toBe(0)
  })

  it('a named run is counted on its own, and in the run of the process that made the call (a job\'s cost)', async () => {
    const k = await kernel()
    await k.call('asker.ask', { prompt: 'x', run: 'loop-session-7' })
    await k.call('asker.ask', { prompt: 'y' })
    const session = await k.claude.ledger.run('loop-session-7')
    const all = await k.claude.ledger.run(k.claude.runId)
    expect(session.calls).toBe(1)
    expect(all.calls).toBe(2)
    expect(all.costUsd).toBeGreaterThan(session.costUsd)
    // The day counts each call once.
    expect((await k.claude.ledger.day()).calls).toBe(2)
    expect((await k.claude.ledger.calls()).map((c) => c.processRun ?? null)).toEqual([null, k.claude.runId])
  })
})

describe('budgets', () => {
  it('refuses a call whose input alone exceeds the per-call budget, before sending anything', async () => {
    const k = await kernel({ claude: { budget: { tokensPerCall: 50 } } })
    await expect(k.call('asker.ask', { prompt: 'word '.repeat(400) })).rejects.toMatchObject({ code: 'MMM_CLAUDE_BUDGET_EXCEEDED', message: expect.stringMatching(/per-call budget.*claude\.budget\.tokensPerCall/) })
    expect(fake.messageRequests()).toHaveLength(0)
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/messages/count_tokens'])
  })

  it('lowers max_tokens so the answer fits the per-call budget', async () => {
    const k = await kernel({ claude: { budget: { tokensPerCall: 500 } } })
    await k.call('asker.ask', { prompt: 'short', max_tokens: 4000 })
    const sent = fake.messageRequests()[0]!.body.max_tokens as number
    expect(sent).toBeLessThan(500)
    expect(sent).toBeGreaterThan(400)
  })

  it('applies the plugin grant\'s maxTokensPerCall', async () => {
    const k = await kernel({ grant: { maxTokensPerCall: 20 } })
    await expect(k.call('asker.ask', { prompt: 'word '.repeat(100) })).rejects.toMatchObject({ code: 'MMM_CLAUDE_BUDGET_EXCEEDED', message: expect.stringMatching(/maxTokensPerCall grant/) })
    expect(fake.messageRequests()).toHaveLength(0)
  })

  it('refuses once the run has used its budget', async () => {
    const k = await kernel({ claude: { budget: { tokensPerRun: 1000 } } })
    fake.enqueue({ text: 'big', outputTokens: 990 })
    await k.call('asker.ask', { prompt: 'first' })
    await expect(k.call('asker.ask', { prompt: 'second' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_BUDGET_EXCEEDED', message: expect.stringMatching(/per-run/) })
    expect(fake.messageRequests()).toHaveLength(1)
  })

  it('refuses once the day has spent its dollars (shared by every run that day)', async () => {
    const k = await kernel({ claude: { budget: { usdPerDay: 0.01 } } })
    fake.enqueue({ text: 'pricey', outputTokens: 1000 })
    await k.call('asker.ask', { prompt: 'first' })
    const next = await kernel({ claude: { budget: { usdPerDay: 0.01 } }, cwd: k.dir })
    await expect(next.call('asker.ask', { prompt: 'second' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_BUDGET_EXCEEDED', message: expect.stringMatching(/per-day.*USD/) })
    expect(fake.messageRequests()).toHaveLength(1)
  })

  it('estimates locally when count_tokens cannot be reached', async () => {
    const k = await kernel({ claude: { budget: { tokensPerCall: 50 } } })
    fake.respond(() => ({ text: 'never' }))
    const offline = await kernel({ claude: { budget: { tokensPerCall: 50 }, baseURL: 'http://127.0.0.1:9', maxRetries: 0 }, cwd: k.dir })
    await expect(offline.call('asker.ask', { prompt: 'word '.repeat(400) })).rejects.toMatchObject({ code: 'MMM_CLAUDE_BUDGET_EXCEEDED' })
  })
})

describe('prompt caching', () => {
  it('marks tools (sorted) and the system prompt, and the second identical-prefix call reads the cache', async () => {
    const k = await kernel()
    const tools = [
      { name: 'zeta', description: 'z', input_schema: { type: 'object' } },
      { name: 'alpha', description: 'a', input_schema: { type: 'object' } },
    ]
    const first = (await k.call('asker.ask', { system: SYSTEM, tools, prompt: 'first question' })) as { usage: Record<string, number>; costUsd: number }
    const second = (await k.call('asker.ask', { system: SYSTEM, tools: [...tools].reverse(), prompt: 'another question' })) as { usage: Record<string, number>; costUsd: number }
    const body = fake.messageRequests()[0]!.body as { tools: Array<Record<string, unknown>>; system: Array<Record<string, unknown>> }
    expect(body.tools.map((t) => t.name)).toEqual(['alpha', 'zeta'])
    expect(body.tools[1]!.cache_control).toEqual({ type: 'ephemeral' })
    expect(body.system.at(-1)!.cache_control).toEqual({ type: 'ephemeral' })
    expect(first.usage.cacheWriteTokens).toBeGreaterThan(500)
    expect(first.usage.cacheReadTokens).toBe(0)
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens)
    expect(second.costUsd).toBeLessThan(first.costUsd)
    const run = await k.claude.ledger.run(k.claude.runId)
    expect(run.cacheReadTokens).toBe(second.usage.cacheReadTokens)
    expect(run.cacheWriteTokens).toBe(first.usage.cacheWriteTokens)
  })

  it('can be turned off with claude.promptCaching: false', async () => {
    const k = await kernel({ claude: { promptCaching: false } })
    await k.call('asker.ask', { system: SYSTEM, prompt: 'q' })
    expect(JSON.stringify(fake.messageRequests()[0]!.body)).not.toContain('cache_control')
  })
})

describe('response cache', () => {
  it('answers a repeated cacheable request from state: nothing sent, nothing spent', async () => {
    const k = await kernel()
    fake.enqueue({ text: 'deterministic answer' })
    const a = (await k.call('asker.ask', { prompt: 'same', cache: true })) as Record<string, unknown>
    const b = (await k.call('asker.ask', { prompt: 'same', cache: true })) as Record<string, unknown>
    expect(b).toMatchObject({ text: 'deterministic answer', cached: true, costUsd: 0 })
    expect(a.cached).toBe(false)
    expect(fake.messageRequests()).toHaveLength(1)
    // A request that differs, or is not marked cacheable, is sent.
    await k.call('asker.ask', { prompt: 'other', cache: true })
    await k.call('asker.ask', { prompt: 'same' })
    expect(fake.messageRequests()).toHaveLength(3)
    expect((await k.claude.ledger.run(k.claude.runId)).calls).toBe(3)
  })

  it('survives a restart (it is in the state file) and honours claude.cache.enabled: false', async () => {
    const k = await kernel()
    await k.call('asker.ask', { prompt: 'persist me', cache: true })
    const again = await kernel({ cwd: k.dir })
    await expect(again.call('asker.ask', { prompt: 'persist me', cache: true })).resolves.toMatchObject({ cached: true })
    const off = await kernel({ cwd: k.dir, claude: { cache: { enabled: false } } })
    await expect(off.call('asker.ask', { prompt: 'persist me', cache: true })).resolves.toMatchObject({ cached: false })
    expect(fake.messageRequests()).toHaveLength(2)
  })

  it('expires entries after claude.cache.ttlSeconds', async () => {
    const k = await kernel({ claude: { cache: { ttlSeconds: 1 } } })
    await k.call('asker.ask', { prompt: 'short-lived', cache: true })
    await new Promise((r) => setTimeout(r, 1100))
    await expect(k.call('asker.ask', { prompt: 'short-lived', cache: true })).resolves.toMatchObject({ cached: false })
    expect(fake.messageRequests()).toHaveLength(2)
  })
})
