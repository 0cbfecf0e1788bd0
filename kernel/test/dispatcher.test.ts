// The one dispatcher: validation, hooks, cancellation, progress, coded errors, history — through real sandboxes.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { createTestKernel, type TestKernel } from '../src/testing/index.ts'
import { definePlugin, type PluginDefinition } from '../src/plugin/index.ts'

const calc = `export default {
  name: 'calc',
  setup(ctx) {
    ctx.tool('add', {
      description: 'adds',
      input: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number', default: 1 } }, required: ['a'], additionalProperties: false },
      output: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
    }, (i) => ({ sum: i.a + i.b }))
    ctx.tool('lie', { description: 'breaks its output schema', output: { type: 'object', required: ['sum'] } }, () => ({ nope: true }))
    ctx.tool('wait', { description: 'waits for cancellation' }, (_, call) => new Promise((resolve) => {
      call.signal.addEventListener('abort', () => resolve('saw abort'))
    }))
    ctx.tool('steps', { description: 'reports progress' }, async (_, call) => {
      for (let i = 1; i <= 3; i++) call.progress(i, 3, 'step ' + i)
      return call.caller
    })
    ctx.tool('fail', { description: 'throws' }, () => { const e = new Error('custom failure'); e.code = 'ENOENT'; throw e })
    ctx.tool('failCoded', { description: 'throws a coded error' }, () => { const e = new Error('coded'); e.code = 'MMM_EXEC_FAILED'; throw e })
    ctx.tool('slow', { description: 'uses timers', timeoutMs: 5000 }, () => new Promise((r) => setTimeout(() => r('late'), 30)))
  },
}`

let k: TestKernel
beforeAll(async () => {
  k = await createTestKernel({ plugins: [{ name: 'calc', code: calc }] })
})
afterAll(() => k?.close())

describe('dispatcher', () => {
  it('validates input, applies schema defaults, and returns the result', async () => {
    await expect(k.call('calc.add', { a: 2 })).resolves.toEqual({ sum: 3 })
    await expect(k.call('calc.add', { a: 2, b: 5 })).resolves.toEqual({ sum: 7 })
  })

  it('refuses invalid input with MMM_INVALID_INPUT naming the problem', async () => {
    await expect(k.call('calc.add', { a: 'x' })).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT', message: expect.stringMatching(/a: must be number/) })
    await expect(k.call('calc.add', {})).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT', message: expect.stringMatching(/missing required property "a"/) })
    await expect(k.call('calc.add', { a: 1, c: 2 })).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT', message: expect.stringMatching(/unknown property "c"/) })
  })

  it('refuses output that breaks the declared schema', async () => {
    await expect(k.call('calc.lie')).rejects.toMatchObject({ code: 'MMM_INVALID_OUTPUT', plugin: 'calc' })
  })

  it('suggests the closest tool for a typo', async () => {
    await expect(k.call('calc.ad', {})).rejects.toMatchObject({ code: 'MMM_TOOL_NOT_FOUND', message: expect.stringMatching(/did you mean "calc.add"/) })
  })

  it('cancels through an AbortSignal, and the plugin sees call.signal abort', async () => {
    const ac = new AbortController()
    const p = k.call('calc.wait', {}, { signal: ac.signal })
    setTimeout(() => ac.abort(), 50)
    await expect(p).rejects.toMatchObject({ code: 'MMM_CANCELLED' })
    await expect(k.call('calc.add', { a: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'MMM_CANCELLED' })
  })

  it('forwards progress and the caller', async () => {
    const seen: unknown[] = []
    await expect(k.call('calc.steps', {}, { caller: 'cli', onProgress: (p) => seen.push(p) })).resolves.toBe('cli')
    expect(seen).toEqual([1, 2, 3].map((i) => ({ progress: i, total: 3, message: `step ${i}` })))
  })

  it('decorates plugin errors with plugin and tool; keeps MMM_ codes, maps others to MMM_PLUGIN_ERROR', async () => {
    await expect(k.call('calc.fail')).rejects.toMatchObject({ code: 'MMM_PLUGIN_ERROR', plugin: 'calc', tool: 'calc.fail', message: 'custom failure' })
    await expect(k.call('calc.failCoded')).rejects.toMatchObject({ code: 'MMM_EXEC_FAILED', plugin: 'calc' })
  })

  it('serves 100 concurrent calls, each with its own result', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => k.call('calc.add', { a: i, b: 1000 })))
    expect(results).toEqual(Array.from({ length: 100 }, (_, i) => ({ sum: i + 1000 })))
  })

  it('supports timers inside the sandbox', async () => {
    await expect(k.call('calc.slow')).resolves.toBe('late')
  })

  it('runs beforeCall (veto and short-circuit) and afterCall', async () => {
    const records: unknown[] = []
    k.hooks.afterCall.tap('test', (r) => void records.push(r))
    k.hooks.beforeCall.tapPromise('test', async (c) => {
      if (c.tool === 'calc.add' && (c.input as { a: number }).a === 13) return { veto: { message: 'unlucky' } }
      if (c.tool === 'calc.add' && (c.input as { a: number }).a === 42) return { result: { sum: 0 } }
      return undefined
    })
    await expect(k.call('calc.add', { a: 13 })).rejects.toMatchObject({ code: 'MMM_CALL_VETOED', message: expect.stringMatching(/unlucky/) })
    await expect(k.call('calc.add', { a: 42 })).resolves.toEqual({ sum: 0 })
    expect(records).toHaveLength(2)
    expect(records[0]).toMatchObject({ tool: 'calc.add', outcome: 'error', error: { code: 'MMM_CALL_VETOED' } })
    expect(records[1]).toMatchObject({ tool: 'calc.add', outcome: 'ok' })
  })

  it('records every call in the history, newest first, with what replay needs', async () => {
    await k.call('calc.add', { a: 100 }, { caller: 'cli' })
    const [last] = await k.history.list({ limit: 1 })
    expect(last).toMatchObject({ tool: 'calc.add', caller: 'cli', outcome: 'ok', inputDigest: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(last!.durationMs).toBeGreaterThanOrEqual(0)
    const again = await k.history.get(last!.id)
    expect(again).toMatchObject({ id: last!.id, input: { a: 100 } })
    const errors = await k.history.list({ tool: 'calc.fail' })
    expect(errors[0]).toMatchObject({ outcome: 'error', errorCode: 'MMM_PLUGIN_ERROR' })
  })
})

describe('guest API types', () => {
  it('definePlugin keeps the plugin type', () => {
    const p = definePlugin({ name: 'x', setup() {} })
    expectTypeOf(p).toMatchTypeOf<PluginDefinition>()
    expectTypeOf(p.name).toEqualTypeOf<string>()
  })
})
