// Program order for a plugin's state writes (createCapabilityRouter): a write the plugin issued, even without
// awaiting it, has landed in the database before any call it issued afterwards starts. The workflow engine's
// journal ("running" before a step's side effect) relies on this.
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '../src/testing/createTestKernel.ts'

const code = `export default { name: 'order', version: '1.0.0', setup(ctx) {
  ctx.tool('noop', { description: 'the side effect', input: { type: 'object' } }, async () => null)
  ctx.tool('journal', { description: 'writes, then calls a tool', input: { type: 'object' } }, async (_, call) => {
    for (let i = 0; i < 50; i++) {
      ctx.state.set('k', 'v' + i) // not awaited: the next call must still start after it landed
      await call.tools.call('order.noop', { i })
    }
    return null
  })
  ctx.tool('peek', { description: 'reads nothing, changes nothing', input: { type: 'object' }, annotations: { readOnlyHint: true } }, async () => 'peeked')
  ctx.tool('afterBadWrite', { description: 'a write that fails, not awaited, then a call', input: { type: 'object', properties: { tool: { type: 'string' } } } }, async (i, call) => {
    const failed = ctx.state.set('big', 'x'.repeat(9 * 1024 * 1024)).then(() => 'stored', (e) => e.code)
    let outcome
    try { outcome = await call.tools.call(i.tool, {}) } catch (e) { outcome = e.code }
    return { call: outcome, write: await failed }
  })
}}`

describe('state writes in program order', () => {
  let k: TestKernel
  beforeAll(async () => {
    k = await createTestKernel({ plugins: [{ name: 'order', code, permissions: { tools: ['order.*'] } }], yes: true })
  })
  afterAll(async () => k?.close())

  it('a write not awaited is in the database before the next call of the plugin starts', async () => {
    // The database as another process sees it, read the moment the kernel dispatches the nested call.
    let db: DatabaseSync | undefined
    const seen: string[] = []
    const expected: string[] = []
    k.hooks.beforeCall.tap('order-test', (c) => {
      if (c.tool !== 'order.noop') return undefined
      db ??= new DatabaseSync(join(k.dir, '.mmm/state.db'), { readOnly: true })
      const row = db.prepare("SELECT value FROM mmm_state WHERE key = 'mmm:plugin:order|k'").get() as { value: string } | undefined
      seen.push(row ? (JSON.parse(row.value) as { value: string }).value : 'none')
      expected.push(`v${(c.input as { i: number }).i}`)
      return undefined
    })
    await k.call('order.journal', {})
    db?.close()
    expect(seen).toEqual(expected)
    expect(seen).toHaveLength(50)
  })

  it('a call with effects after a write that fails fails with the write\'s error; a call to a read-only tool does not wait for the write', async () => {
    expect(await k.call('order.afterBadWrite', { tool: 'order.noop' })).toEqual({ call: 'MMM_STATE_ERROR', write: 'MMM_STATE_ERROR' })
    expect(await k.call('order.afterBadWrite', { tool: 'order.peek' })).toEqual({ call: 'peeked', write: 'MMM_STATE_ERROR' })
  })
})
