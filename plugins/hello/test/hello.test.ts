// The example plugin, through the real kernel: tool + state, resource, prompt, hook, events, options.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '@mmm/kernel/testing'

const dir = fileURLToPath(new URL('..', import.meta.url))
let k: TestKernel

beforeAll(async () => {
  k = await createTestKernel({ plugins: [[dir, { greeting: 'Hi' }]] })
})
afterAll(() => k?.close())

describe('hello', () => {
  it('registers its tool, resource and prompt', () => {
    expect(k.registry.listTools().map((t) => t.id)).toEqual(['hello.greet'])
    expect(k.registry.listResources().map((r) => r.uri)).toEqual(['mmm://hello/greetings'])
    expect(k.registry.listPrompts().map((p) => p.id)).toEqual(['hello.welcome'])
    expect(k.plugins.get('hello')?.version).toBe('0.1.0')
  })

  it('greets with the configured greeting and counts in state', async () => {
    const progress: unknown[] = []
    await expect(k.call('hello.greet', { name: 'Ada' }, { onProgress: (p) => progress.push(p) })).resolves.toEqual({ message: 'Hi, Ada.', count: 1 })
    await expect(k.call('hello.greet', { name: 'Ada', excited: true })).resolves.toEqual({ message: 'Hi, Ada!', count: 2 })
    expect(progress).toHaveLength(3)
    await expect(k.state.get('plugin:hello', 'greeted:Ada')).resolves.toBe(2)
  })

  it('publishes an event per greeting', async () => {
    const events: unknown[] = []
    k.hooks.event.tapPromise('test', async (e) => void events.push(e))
    await k.call('hello.greet', { name: 'Grace' })
    expect(events).toEqual([expect.objectContaining({ name: 'hello:greeted', source: 'hello', payload: { name: 'Grace', count: 1 } })])
  })

  it('serves the greetings resource from state', async () => {
    await expect(k.readResource('mmm://hello/greetings')).resolves.toEqual({ Ada: 2, Grace: 1 })
  })

  it('renders the welcome prompt and insists on its argument', async () => {
    await expect(k.getPrompt('hello.welcome', { name: 'Linus' })).resolves.toEqual([{ role: 'user', content: expect.stringContaining('Linus') }])
    await expect(k.getPrompt('hello.welcome', {})).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT' })
  })

  it('counts every dispatched call through its afterCall hook', async () => {
    const before = ((await k.state.get('plugin:hello', 'calls')) as number | undefined) ?? 0
    await expect(k.call('hello.greet', { name: '' })).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT' })
    await k.call('hello.greet', { name: 'Ken' })
    await expect(k.state.get('plugin:hello', 'calls')).resolves.toBe(before + 2)
  })
})
