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
})
