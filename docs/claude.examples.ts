// The code samples of docs/claude.md, type-checked by `pnpm typecheck`.
import { defineConfig } from '@mmm/kernel'
import { definePlugin } from '@mmm/kernel/plugin'
import { createTestKernel, startFakeClaude } from '@mmm/kernel/testing'

export const config = defineConfig({
  claude: {
    provider: 'auto',
    tasks: { review: 'claude-opus-5-5', summarize: 'claude-haiku-4-5' },
    budget: { tokensPerCall: 60_000, tokensPerRun: 400_000, usdPerDay: 5 },
    cache: { ttlSeconds: 24 * 3600 },
    claudeCode: { permissionMode: 'acceptEdits' },
  },
})

export const reviewer = definePlugin({
  name: 'reviewer',
  setup(ctx) {
    ctx.tool('review', { description: 'Reviews a file', input: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }, async (input: { path: string }, call) => {
      const source = await ctx.fs.read(input.path)
      const context = await call.claude.buildContext({
        budgetTokens: 20_000,
        items: [
          { id: 'file', title: input.path, text: source, priority: 'critical' },
          { id: 'readme', title: 'README.md', text: await ctx.fs.read('README.md'), priority: 'low' },
        ],
      })
      const r = await call.claude.message<{ score: number; findings: string[] }>({
        task: 'review',
        system: `You review code.\n\n${context.text}`,
        prompt: `Review ${input.path}.`,
        schema: { type: 'object', required: ['score', 'findings'], properties: { score: { type: 'number' }, findings: { type: 'array', items: { type: 'string' } } } },
        cache: true,
      })
      return { ...r.output, costUsd: r.costUsd, left_out: context.omitted.map((o) => o.id) }
    })
  },
})

export const agent = definePlugin({
  name: 'agent',
  setup(ctx) {
    ctx.tool('ask', { description: 'Answers with a calculator tool' }, async (input: { question: string }, call) => {
      const tools = [{ name: 'add', description: 'Adds two numbers', input_schema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } }]
      const messages: Array<{ role: 'user' | 'assistant'; content: any }> = [{ role: 'user', content: input.question }]
      for (;;) {
        const r = await call.claude.message({ messages, tools })
        if (r.stopReason !== 'tool_use') return r.text
        messages.push({ role: 'assistant', content: r.content })
        messages.push({
          role: 'user',
          content: r.toolUses.map((t) => {
            const { a, b } = t.input as { a: number; b: number }
            return { type: 'tool_result', tool_use_id: t.id, content: String(a + b) }
          }),
        })
      }
    })
  },
})

export async function pluginTest(): Promise<void> {
  const fake = await startFakeClaude()
  fake.enqueue({ text: '{"score": 8, "findings": []}' })
  const k = await createTestKernel({
    plugins: ['./'],
    grants: { reviewer: { claude: true, fs: { read: ['**'] } } },
    env: { PATH: process.env.PATH ?? '', ANTHROPIC_API_KEY: 'test-key' },
    config: { claude: { provider: 'api', baseURL: fake.url } },
  })
  try {
    await k.call('reviewer.review', { path: 'src/index.ts' })
    console.log(fake.messageRequests()[0]?.body)
  } finally {
    await k.close()
    await fake.close()
  }
}
