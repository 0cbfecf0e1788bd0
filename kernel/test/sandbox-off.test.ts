// sandbox: "off" runs a plugin in-process for debugging: it works, warns loudly, and capabilities are still checked.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '../src/testing/index.ts'

let k: TestKernel
beforeAll(async () => {
  k = await createTestKernel({
    plugins: [{ name: 'debuggable', code: `export default { name: 'debuggable', setup(ctx) {
      ctx.tool('where', { description: 'reports where it runs' }, async (input, call) => {
        call.progress(1, 1, 'here')
        await ctx.state.set('seen', true)
        return { hasProcess: typeof process !== 'undefined', seen: await ctx.state.get('seen') }
      })
      ctx.tool('trespass', { description: 'reads outside the grant' }, () => ctx.fs.read('/etc/passwd'))
      ctx.tool('fail', { description: 'throws' }, () => { throw new Error('debug me') })
    } }`, sandbox: 'off' }],
  })
})
afterAll(() => k?.close())

it('runs in the kernel process and warns that there is no sandbox', async () => {
  const progress: unknown[] = []
  await expect(k.call('debuggable.where', {}, { onProgress: (p) => progress.push(p) })).resolves.toEqual({ hasProcess: true, seen: true })
  expect(progress).toEqual([{ progress: 1, total: 1, message: 'here' }])
  expect(k.logs.some((l) => l.level === 'warn' && /WITHOUT a sandbox/.test(l.message))).toBe(true)
  expect(k.plugins.get('debuggable')!.runtime.pid).toBeUndefined()
})

it('still checks capabilities against the grant', async () => {
  await expect(k.call('debuggable.trespass')).rejects.toMatchObject({ code: 'MMM_PERMISSION_DENIED' })
})

it('still turns plugin errors into coded errors', async () => {
  await expect(k.call('debuggable.fail')).rejects.toMatchObject({ code: 'MMM_PLUGIN_ERROR', message: 'debug me', plugin: 'debuggable' })
})
