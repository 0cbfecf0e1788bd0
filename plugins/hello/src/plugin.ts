// The example plugin: one tool, a resource, a prompt, a hook and state — everything a plugin can do, small.
import { definePlugin } from '@mmm/kernel/plugin'

interface GreetInput {
  name: string
  excited?: boolean
}

export default definePlugin({
  name: 'hello',
  version: '0.1.0',
  setup(ctx) {
    const greeting = typeof ctx.options.greeting === 'string' ? ctx.options.greeting : 'Hello'

    ctx.tool<GreetInput>(
      'greet',
      {
        description: 'Greet someone by name and count how often they were greeted',
        input: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100, description: 'Who to greet' },
            excited: { type: 'boolean', default: false, description: 'End with an exclamation mark' },
          },
          required: ['name'],
          additionalProperties: false,
        },
        output: {
          type: 'object',
          properties: { message: { type: 'string' }, count: { type: 'integer' } },
          required: ['message', 'count'],
        },
        annotations: { title: 'Greet', idempotentHint: false },
      },
      async (input, call) => {
        call.progress(0, 2, 'counting')
        const count = ((await ctx.state.get<number>(`greeted:${input.name}`)) ?? 0) + 1
        await ctx.state.set(`greeted:${input.name}`, count)
        call.progress(1, 2, 'greeting')
        await ctx.events.emit('greeted', { name: input.name, count })
        call.progress(2, 2, 'done')
        return { message: `${greeting}, ${input.name}${input.excited ? '!' : '.'}`, count }
      },
    )

    ctx.resource('mmm://hello/greetings', { name: 'Greetings so far', mimeType: 'application/json' }, async () => {
      const entries = await ctx.state.list<number>('greeted:')
      return Object.fromEntries(entries.map((e) => [e.key.slice('greeted:'.length), e.value]))
    })

    ctx.prompt('welcome', { description: 'A welcome message for a new contributor', arguments: [{ name: 'name', required: true }] }, (args) => [
      { role: 'user', content: `Write a short, warm welcome for ${args.name}, who just joined the project.` },
    ])

    // Counts every tool call the kernel dispatches, to show hooks and state together.
    ctx.on('afterCall', async (record) => {
      const n = ((await ctx.state.get<number>('calls')) ?? 0) + 1
      await ctx.state.set('calls', n)
      if (record.outcome === 'error') ctx.log.debug(`call to ${record.tool} failed: ${record.error?.code}`)
    })
  },
})
