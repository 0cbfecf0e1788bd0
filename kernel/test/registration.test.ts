// Metadata is checked at registration: bad manifests, duplicates and late registration fail at once, by name.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernelOptions } from '../src/testing/index.ts'

const plugin = (name: string, body: string) => ({ name, code: `export default { name: '${name}', setup(ctx) { ${body} } }` })

async function loadError(plugins: TestKernelOptions['plugins']) {
  try {
    const k = await createTestKernel({ plugins, config: { sandbox: { callTimeoutMs: 3000 } } })
    await k.close()
  } catch (e) {
    return e as { code: string; message: string; plugin?: string }
  }
  throw new Error('expected createKernel to fail')
}

describe('registration', () => {
  it('refuses a tool registered twice by one plugin', async () => {
    const e = await loadError([plugin('twice', `ctx.tool('a', { description: 'a' }, () => 1); ctx.tool('a', { description: 'b' }, () => 2)`)])
    expect(e.code).toBe('MMM_DUPLICATE_TOOL')
    expect(e.message).toMatch(/twice/)
  })

  it('refuses two plugins with the same name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-dupe-'))
    writeFileSync(join(dir, 'same.js'), `export default { name: 'same', setup() {} }`)
    const e = await loadError([plugin('same', ''), { use: join(dir, 'same.js') }])
    expect(e.code).toBe('MMM_BAD_MANIFEST')
  })

  it('refuses ctx.tool after setup', async () => {
    const k = await createTestKernel({ plugins: [plugin('late', `ctx.tool('later', { description: 'x' }, async () => { try { ctx.tool('z', { description: 'z' }, () => 1) } catch (e) { return e.code } })`)] })
    try {
      await expect(k.call('late.later')).resolves.toBe('MMM_REGISTRATION_CLOSED')
    } finally {
      await k.close()
    }
  })

  it.each([
    ['a bad tool name', plugin('badname', `ctx.tool('no spaces', { description: 'x' }, () => 1)`), /must match/],
    ['a tool without description', plugin('nodesc', `ctx.tool('t', {}, () => 1)`), /description/],
    ['a plugin whose name differs from its file', { name: 'file', code: `export default { name: 'other', setup() {} }` }, /calls itself "other"/],
    ['a bundle without a default export', { name: 'nodefault', code: `export const x = 1` }, /default export/],
    ['a bundle that imports', { name: 'imports', code: `import fs from 'node:fs'; export default { name: 'imports', setup() {} }` }, /imports "node:fs"/],
    ['a setup that throws', plugin('throws', `throw new Error('boom in setup')`), /boom in setup/],
    ['an unknown hook', plugin('hooky', `ctx.on('nonsense', () => {})`), /unknown hook "nonsense"/],
    ['a syntax error', { name: 'syntax', code: `export default {{{` }, /./],
    ['an invalid input schema', plugin('schema', `ctx.tool('t', { description: 'x', input: { type: 'bogus' } }, () => 1)`), /./],
  ])('refuses %s with a coded error naming the plugin', async (_, p, message) => {
    const e = await loadError([p])
    expect(e.code).toMatch(/^MMM_/)
    expect(e.message).toMatch(message)
  })

  it('times out a setup that never finishes', async () => {
    const e = await loadError([plugin('stuck', `return new Promise(() => {})`)])
    expect(e.code).toBe('MMM_PLUGIN_TIMEOUT')
  })

})

describe('registration checked on the host', () => {
  it('refuses a bad tool name even when the plugin disabled the runtime checks', async () => {
    const { readFileSync } = await import('node:fs')
    const code = readFileSync(new URL('../../test/fixtures/hostile/tamper.js', import.meta.url), 'utf8')
    const e = await loadError([{ name: 'tamper', code }])
    expect(e.code).toBe('MMM_BAD_MANIFEST')
    expect(e.message).toMatch(/tool name "..\/..\/escape me" must match/)
  })
})
