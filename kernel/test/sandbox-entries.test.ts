// How the plugin host enters the isolate (sandbox/pluginHost.ts): small messages synchronously on its own
// thread, a large answer (fs.readMany over 256 KB) on the isolate's own thread. Either way a call's state
// writes, progress and result reach the kernel in the order the plugin made them, and a runaway plugin is
// stopped by its time limit.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '../src/testing/createTestKernel.ts'

const code = `export default { name: 'entries', version: '1.0.0', setup(ctx) {
  const input = { type: 'object', properties: { file: { type: 'string' } } }
  ctx.tool('digest', { description: 'reads a file, writes its size without waiting, reports progress', input }, async (i, call) => {
    const [f] = await ctx.fs.readMany([i.file])
    let lines = 0
    for (let k = 0; k < f.content.length; k++) if (f.content.charCodeAt(k) === 10) lines++
    ctx.state.set('size:' + i.file, f.content.length) // not awaited: lands before the result all the same
    call.progress(1, 2, 'counted')
    const back = await ctx.state.get('size:' + i.file)
    call.progress(2, 2, 'read back')
    return { size: f.content.length, lines, back }
  })
  ctx.tool('size', { description: 'the stored size', input }, async (i) => ctx.state.get('size:' + i.file))
  ctx.tool('spin', { description: 'reads a file, then never stops', input }, async (i) => {
    await ctx.fs.readMany([i.file])
    for (;;) {}
  })
}}`

describe('entries into the isolate', () => {
  let k: TestKernel
  const big = 'x'.repeat(99) + '\n'
  beforeAll(async () => {
    k = await createTestKernel({
      plugins: [{ name: 'entries', code, permissions: { fs: { read: ['**'] } } }],
      yes: true,
      config: { sandbox: { callTimeoutMs: 3000 } },
    })
    writeFileSync(join(k.dir, 'small.txt'), big.repeat(10))
    writeFileSync(join(k.dir, 'large.txt'), big.repeat(10_000)) // 1 MB: handed over on the isolate's thread
  })
  afterAll(async () => k?.close())

  for (const file of ['small.txt', 'large.txt']) {
    it(`${file}: the write, the progress and the result arrive in order`, async () => {
      const seen: unknown[] = []
      const out = (await k.call('entries.digest', { file }, { onProgress: (p) => seen.push(p.message) })) as { size: number; lines: number; back: number }
      const size = file === 'small.txt' ? 1000 : 1_000_000
      expect(out).toEqual({ size, lines: size / 100, back: size })
      expect(seen).toEqual(['counted', 'read back'])
      expect(await k.call('entries.size', { file })).toBe(size)
    })
  }

  it('a plugin that never stops after a large answer times out, and the plugin answers the next call', async () => {
    await expect(k.call('entries.spin', { file: 'large.txt' })).rejects.toMatchObject({ code: 'MMM_PLUGIN_TIMEOUT' })
    await expect(k.call('entries.digest', { file: 'large.txt' })).resolves.toMatchObject({ size: 1_000_000 })
  })
})
