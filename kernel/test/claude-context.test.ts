// The context builder (prioritized items into a token budget) and conversation memory (recent
// exchanges verbatim, older ones summarized by the small model, per session, persisted).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { approxTokens, buildContext, truncateMiddle } from '../src/claude/buildContext.ts'
import { MEMORY_NS } from '../src/claude/ConversationMemory.ts'
import { startFakeClaude, type FakeClaudeServer, type TestKernel } from '../src/testing/index.ts'
import { TEST_KEY, claudeKernel } from './helpers/claudeKernel.ts'

const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} line ${i + 1}`).join('\n')

describe('buildContext', () => {
  it('packs everything when it fits, in the order given', () => {
    const r = buildContext([
      { id: 'readme', text: 'short readme', priority: 'low' },
      { id: 'spec', text: 'the spec', priority: 'critical' },
    ], 1000)
    expect(r.text).toBe('## readme\nshort readme\n\n## spec\nthe spec')
    expect(r.omitted).toEqual([])
    expect(r.included.map((i) => i.id)).toEqual(['readme', 'spec'])
    expect(r.tokens).toBe(approxTokens('## readme\nshort readme') + approxTokens('## spec\nthe spec'))
  })

  it('fills by priority: cuts a high item in the middle (head and tail kept, cut marked) and leaves out low ones', () => {
    const big = lines('source', 400)
    const r = buildContext([
      { id: 'notes', text: lines('note', 50), priority: 'low' },
      { id: 'file', text: big, priority: 'high', title: 'src/main.ts' },
      { id: 'task', text: 'Fix the bug in main.ts', priority: 'critical' },
      { id: 'docs', text: lines('doc', 50), priority: 'medium' },
    ], 600)
    expect(r.tokens).toBeLessThanOrEqual(600)
    expect(r.included).toEqual([
      { id: 'file', tokens: expect.any(Number), truncated: true },
      { id: 'task', tokens: expect.any(Number), truncated: false },
    ])
    expect(r.omitted).toEqual([
      { id: 'docs', priority: 'medium', tokens: expect.any(Number) },
      { id: 'notes', priority: 'low', tokens: expect.any(Number) },
    ])
    expect(r.text).toContain('## src/main.ts\nsource line 1\n')
    expect(r.text).toContain('source line 400')
    expect(r.text).toMatch(/\[… \d+ characters cut …\]/)
    expect(r.text).not.toContain('source line 200\n')
  })

  it('truncateMiddle keeps within the budget and leaves short text alone', () => {
    const text = 'x'.repeat(10_000)
    const cut = truncateMiddle(text, 100)
    expect(approxTokens(cut)).toBeLessThanOrEqual(100)
    expect(cut).toMatch(/characters cut/)
    expect(truncateMiddle('short', 100)).toBe('short')
  })
})

describe('ctx.claude.buildContext and conversation memory', () => {
  let fake: FakeClaudeServer
  let k: TestKernel
  beforeAll(async () => {
    fake = await startFakeClaude({ apiKey: TEST_KEY })
    k = await claudeKernel(fake.url, { claude: { memory: { recentTurns: 2 }, smallModel: 'fake-model-small' } })
  })
  afterAll(async () => {
    await k?.close()
    await fake?.close()
  })
  beforeEach(() => fake.reset())
  afterEach(() => fake.reset())

  it('is reachable from a sandboxed plugin, and validates its input', async () => {
    const r = (await k.call('asker.pack', { items: [{ id: 'a', text: 'hello', priority: 'high' }], budgetTokens: 100 })) as { text: string }
    expect(r.text).toBe('## a\nhello')
    await expect(k.call('asker.pack', { items: [{ id: 'a', text: 'x', priority: 'urgent' }], budgetTokens: 100 })).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT' })
  })

  it('sends recent exchanges verbatim and summarizes older ones with the small model, per session, persisted', async () => {
    fake.respond((req) => {
      const msgs = req.body.messages as Array<{ content: string }>
      const last = msgs.at(-1)!.content
      return { text: req.body.model === 'fake-model-small' ? `SUMMARY(${(last.match(/question \d/g) ?? []).join(',')})` : `answer to ${last}` }
    })
    for (let i = 1; i <= 3; i++) await k.call('asker.ask', { prompt: `question ${i}`, session: 'chat-1' })
    const reqs = fake.messageRequests()
    // third call: q1 and q2 verbatim before it
    expect((reqs[2]!.body.messages as Array<{ content: string }>).map((m) => m.content)).toEqual(['question 1', 'answer to question 1', 'question 2', 'answer to question 2', 'question 3'])
    // after it, 3 > recentTurns (2): the oldest was summarized with the small model
    expect(reqs[3]!.body.model).toBe('fake-model-small')
    expect(JSON.stringify(reqs[3]!.body.messages)).toContain('question 1')
    await k.call('asker.ask', { prompt: 'question 4', session: 'chat-1' })
    const fourth = fake.messageRequests().find((r) => r.body.model === 'fake-model-large' && JSON.stringify(r.body.messages).includes('question 4'))!.body.messages as Array<{ content: string }>
    expect(fourth[0]!.content).toMatch(/Summary of our conversation so far:\nSUMMARY\(question 1[,)]/)
    expect(fourth.slice(2).map((m) => m.content)).toEqual(['question 2', 'answer to question 2', 'question 3', 'answer to question 3', 'question 4'])
    // another session starts empty; the memory is in state
    fake.reset()
    await k.call('asker.ask', { prompt: 'hello', session: 'chat-2' })
    expect(fake.messageRequests().at(-1)!.body.messages).toEqual([{ role: 'user', content: 'hello' }])
    const stored = await k.state.list(MEMORY_NS)
    expect(stored.map((s) => s.key)).toEqual(['asker/chat-1', 'asker/chat-2'])
    // the summary call was accounted too
    const calls = await k.claude.ledger.calls(100)
    expect(calls.some((c) => c.task === 'summarize' && c.model === 'fake-model-small')).toBe(true)
  })
})
