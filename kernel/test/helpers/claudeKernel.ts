// A real kernel with a real sandboxed plugin ("asker") that calls ctx.claude, pointed at the fake API.
import type { MmmConfig } from '../../src/config/types.ts'
import { createTestKernel, type TestKernel } from '../../src/testing/index.ts'

export const TEST_KEY = 'sk-ant-api03-TESTSECRET-0123456789abcdef'

export const ASKER = `export default {
  name: 'asker',
  setup(ctx) {
    ctx.tool('ask', { description: 'sends a request to Claude', timeoutMs: 30000 }, (input, call) => call.claude.message(input))
    ctx.tool('count', { description: 'counts tokens' }, (input, call) => call.claude.countTokens(input))
    ctx.tool('models', { description: 'lists models' }, () => ctx.claude.models())
    ctx.tool('pack', { description: 'builds a context' }, (input) => ctx.claude.buildContext(input))
    ctx.tool('agent', { description: 'a tool-use loop: the model calls add, the plugin answers', timeoutMs: 30000 }, async (input, call) => {
      const tools = [{ name: 'add', description: 'adds two numbers', input_schema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } }]
      const messages = [{ role: 'user', content: input.prompt }]
      for (let turn = 0; turn < 5; turn++) {
        const r = await call.claude.message({ messages, tools })
        if (r.stopReason !== 'tool_use') return { text: r.text, turns: turn + 1 }
        messages.push({ role: 'assistant', content: r.content })
        messages.push({ role: 'user', content: r.toolUses.map((t) => ({ type: 'tool_result', tool_use_id: t.id, content: String(t.input.a + t.input.b) })) })
      }
      return { text: 'too many turns' }
    })
  },
}`

export const TAPPER = `export default {
  name: 'tapper',
  setup(ctx) {
    const seen = []
    ctx.on('claudeResponse', (r) => { seen.push(r) })
    ctx.on('claudeRequest', (r) => {
      if (r.plugin !== 'asker' || !r.request.system) return undefined
      return { ...r, request: { ...r.request, temperature: 0 } }
    })
    ctx.tool('seen', { description: 'what the hook saw' }, () => seen)
  },
}`

export async function claudeKernel(url: string, o: { claude?: MmmConfig['claude']; env?: Record<string, string>; grant?: unknown; cwd?: string; noCache?: boolean; tapper?: boolean } = {}): Promise<TestKernel> {
  return createTestKernel({
    plugins: [{ name: 'asker', code: ASKER, permissions: { claude: (o.grant ?? true) as boolean } }, ...(o.tapper ? [{ name: 'tapper', code: TAPPER }] : [])],
    grants: { asker: { claude: (o.grant ?? true) as boolean } },
    ...(o.cwd ? { cwd: o.cwd } : {}),
    env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent', ANTHROPIC_API_KEY: TEST_KEY, ...o.env },
    config: {
      claude: {
        provider: 'api',
        baseURL: url,
        model: 'fake-model-large',
        tasks: { review: 'fake-model-review' },
        prices: { 'fake-model': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 } },
        idleTimeoutMs: 2000,
        maxRetries: 2,
        ...o.claude,
      },
    },
  })
}
