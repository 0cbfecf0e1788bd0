// The code samples of docs/plugins.md and docs/getting-started.md, type-checked by `pnpm typecheck`.
import { defineConfig } from '@mmm/kernel'
import { definePlugin } from '@mmm/kernel/plugin'
import { createTestKernel } from '@mmm/kernel/testing'

export const greeter = definePlugin({
  name: 'greeter',
  version: '1.0.0',
  setup(ctx) {
    ctx.tool(
      'greet',
      {
        description: 'Greet someone',
        input: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        output: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
        annotations: { readOnlyHint: true },
      },
      async (input: { name: string }, call) => {
        call.progress(1, 1, 'greeting')
        return { message: `Hello, ${input.name}` }
      },
    )
    ctx.resource('mmm://greeter/stats', { mimeType: 'application/json' }, async () => ({ greeted: (await ctx.state.list('greeted:')).length }))
    ctx.prompt('welcome', { arguments: [{ name: 'name', required: true }] }, (args) => `Welcome ${args.name}`)
    ctx.on('afterCall', (record) => ctx.log.debug(`${record.tool}: ${record.outcome}`))
  },
})

export const config = defineConfig({
  plugins: [['/path/to/mmm/plugins/hello', { greeting: 'Hi' }], 'mmm-plugin-slack'],
  grants: { slack: { net: ['hooks.slack.com'] } },
})

export async function harness(): Promise<void> {
  const k = await createTestKernel({ plugins: ['./'], grants: { greeter: {} } })
  try {
    await k.call('greeter.greet', { name: 'Ada' })
  } finally {
    await k.close()
  }
}
