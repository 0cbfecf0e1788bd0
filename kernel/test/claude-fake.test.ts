// The fake Messages API that every Claude test (ours and plugin authors') runs against, driven by the
// real @anthropic-ai/sdk: JSON and SSE answers, tool_use, count_tokens, models, cache usage, failures.
import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeClaude, type FakeClaudeServer } from '../src/testing/index.ts'

let fake: FakeClaudeServer
let sdk: Anthropic
beforeAll(async () => {
  fake = await startFakeClaude({ apiKey: 'sk-test-fake', models: ['m-large', 'm-small'] })
  sdk = new Anthropic({ apiKey: 'sk-test-fake', baseURL: fake.url, maxRetries: 2, logLevel: 'off' })
})
afterAll(() => fake.close())
beforeEach(() => fake.reset())

describe('fake Messages API', () => {
  it('answers a non-streaming request with a Message and usage', async () => {
    fake.enqueue({ text: 'hello there' })
    const m = await sdk.messages.create({ model: 'm-large', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] })
    expect(m.content).toEqual([{ type: 'text', text: 'hello there' }])
    expect(m.stop_reason).toBe('end_turn')
    expect(m.usage.input_tokens).toBeGreaterThan(0)
    expect(m.usage.output_tokens).toBeGreaterThan(0)
    expect(fake.messageRequests()[0]!.body.model).toBe('m-large')
  })

  it('echoes the last user text by default', async () => {
    const m = await sdk.messages.create({ model: 'm-large', max_tokens: 100, messages: [{ role: 'user', content: 'ping 42' }] })
    expect(m.content[0]).toMatchObject({ type: 'text', text: 'echo: ping 42' })
  })

  it('streams SSE events the SDK folds into the same message', async () => {
    fake.enqueue({ text: 'a streamed answer that is longer than one chunk' })
    const deltas: string[] = []
    const stream = sdk.messages.stream({ model: 'm-large', max_tokens: 100, messages: [{ role: 'user', content: 'go' }] })
    stream.on('text', (t) => deltas.push(t))
    const m = await stream.finalMessage()
    expect(m.content).toEqual([{ type: 'text', text: 'a streamed answer that is longer than one chunk' }])
    expect(deltas.length).toBeGreaterThan(1)
    expect(deltas.join('')).toBe('a streamed answer that is longer than one chunk')
  })

  it('does a tool_use round trip', async () => {
    fake.enqueue({ toolUse: [{ name: 'read_file', input: { path: 'a.ts' }, id: 'toolu_1' }] }, { text: 'the file says hi' })
    const tools = [{ name: 'read_file', description: 'reads', input_schema: { type: 'object' as const, properties: { path: { type: 'string' } } } }]
    const first = await sdk.messages.stream({ model: 'm-large', max_tokens: 100, tools, messages: [{ role: 'user', content: 'read a.ts' }] }).finalMessage()
    expect(first.stop_reason).toBe('tool_use')
    expect(first.content[0]).toMatchObject({ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a.ts' } })
    const second = await sdk.messages.create({
      model: 'm-large', max_tokens: 100, tools,
      messages: [{ role: 'user', content: 'read a.ts' }, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'hi' }] }],
    })
    expect(second.content[0]).toMatchObject({ text: 'the file says hi' })
    expect(fake.messageRequests()[1]!.body.messages).toHaveLength(3)
  })

  it('counts tokens and lists models', async () => {
    const n = await sdk.messages.countTokens({ model: 'm-large', messages: [{ role: 'user', content: 'x'.repeat(400) }] })
    expect(n.input_tokens).toBeGreaterThanOrEqual(100)
    const models: string[] = []
    for await (const m of sdk.models.list()) models.push(m.id)
    expect(models).toEqual(['m-large', 'm-small'])
  })

  it('reports cache writes, then cache reads for the same cache_control prefix', async () => {
    const system = [{ type: 'text' as const, text: 'project context '.repeat(200), cache_control: { type: 'ephemeral' as const } }]
    const a = await sdk.messages.create({ model: 'm-large', max_tokens: 50, system, messages: [{ role: 'user', content: 'one' }] })
    const b = await sdk.messages.create({ model: 'm-large', max_tokens: 50, system, messages: [{ role: 'user', content: 'two' }] })
    expect(a.usage.cache_creation_input_tokens).toBeGreaterThan(700)
    expect(a.usage.cache_read_input_tokens).toBe(0)
    expect(b.usage.cache_read_input_tokens).toBe(a.usage.cache_creation_input_tokens)
    expect(b.usage.cache_creation_input_tokens).toBe(0)
  })

  it('refuses a wrong key with 401', async () => {
    const bad = new Anthropic({ apiKey: 'wrong', baseURL: fake.url, maxRetries: 0, logLevel: 'off' })
    await expect(bad.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 401 })
  })

  it('scripts a 429 whose retry-after the SDK honours, then answers', async () => {
    fake.enqueue({ error: { status: 429, type: 'rate_limit_error' }, retryAfter: 1 }, { text: 'after the wait' })
    const m = await sdk.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
    expect(m.content[0]).toMatchObject({ text: 'after the wait' })
    const [first, second] = fake.messageRequests()
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900)
  })

  it('scripts 529 and 500 (retried by the SDK) and a mid-stream error event', async () => {
    fake.enqueue({ error: { status: 529, type: 'overloaded_error' } }, { error: { status: 500, type: 'api_error' } }, { text: 'third time' })
    const m = await sdk.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
    expect(m.content[0]).toMatchObject({ text: 'third time' })
    expect(fake.messageRequests()).toHaveLength(3)
    fake.enqueue({ midStreamError: { type: 'overloaded_error' }, text: 'partial' })
    await expect(sdk.messages.stream({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).finalMessage()).rejects.toMatchObject({ type: 'overloaded_error' })
  })

  it('scripts a stall: headers and a first delta, then silence', async () => {
    fake.enqueue({ stall: true, text: 'start…' })
    const quick = new Anthropic({ apiKey: 'sk-test-fake', baseURL: fake.url, maxRetries: 0, logLevel: 'off' })
    const ac = new AbortController()
    const seen: string[] = []
    const stream = quick.messages.stream({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { signal: ac.signal })
    stream.on('text', (t) => { seen.push(t); setTimeout(() => ac.abort(), 200) })
    await expect(stream.finalMessage()).rejects.toThrow()
    expect(seen).toEqual(['start…'])
  })
})
