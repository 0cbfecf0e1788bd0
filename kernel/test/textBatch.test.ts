// fs.readMany's answer crosses to the guest as a text batch (header + texts back to back, no JSON): what a
// sandboxed or in-process plugin gets must equal what fs.read gives, whatever the text holds.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeTextBatch } from '../src/sandbox/textBatch.ts'
import { createTestKernel, type TestKernel } from '../src/testing/createTestKernel.ts'

const FILES: Record<string, string> = {
  'empty.txt': '',
  'quotes.js': 'const s = "a \\"quoted\\" \\\\ string";\nconst t = `tpl ${s}`\r\n',
  'unicode.md': 'héllo wörld — 日本語 😀 \u2028 line sep\n\0 nul and \u0001 controls\n',
  'lone.txt': 'a lone \ud800 surrogate and a pair \ud83d\ude00',
  'big.txt': 'x'.repeat(200_000) + '\n'.repeat(3),
}

const READER = `export default {
  name: 'reader',
  setup(ctx) {
    ctx.tool('both', { description: 'readMany and read', input: { type: 'object', properties: { paths: { type: 'array' } } } }, async ({ paths }) => {
      const many = await ctx.fs.readMany(paths)
      const one = []
      for (const p of paths) { try { one.push(await ctx.fs.read(p)) } catch (e) { one.push(e.code) } }
      return { many, one }
    })
  },
}`

let k: TestKernel | undefined
afterEach(async () => {
  await k?.close()
  k = undefined
})

describe('fs.readMany text batches', () => {
  for (const sandbox of ['on', 'off'] as const) {
    it(`gives a ${sandbox === 'on' ? 'sandboxed' : 'in-process'} plugin exactly what fs.read gives, errors in place`, async () => {
      k = await createTestKernel({ plugins: [{ name: 'reader', code: READER, permissions: { fs: { read: ['**'] } }, sandbox }], grants: { reader: { fs: { read: ['**'] } } } })
      for (const [p, text] of Object.entries(FILES)) writeFileSync(join(k.dir, p), text)
      const paths = ['quotes.js', 'missing.txt', ...Object.keys(FILES), '../outside.txt', 'empty.txt']
      const r = (await k.call('reader.both', { paths })) as { many: Array<{ path: string; content?: string; error?: { code: string } }>; one: string[] }
      expect(r.many.map((x) => x.path)).toEqual(paths)
      expect(r.many.map((x) => x.content ?? x.error?.code)).toEqual(r.one)
      // (as UTF-8 on disk: the lone surrogate comes back as U+FFFD)
      for (const [p, text] of Object.entries(FILES)) expect(r.many.find((x) => x.path === p)?.content).toBe(Buffer.from(text).toString('utf8'))
      expect(r.many[1]?.error?.code).toBe('MMM_FS_ERROR')
      expect(r.many.at(-2)?.error?.code).toBe('MMM_PERMISSION_DENIED')
    })
  }

  it('is a header line and the texts back to back; a path with a newline cannot break the header', () => {
    const s = encodeTextBatch([{ path: 'a\nb', content: 'x"\n' }, { path: 'c', error: { code: 'E', message: 'm' } }, { path: 'd', content: '' }])
    expect(s).toBe('\0[{"path":"a\\nb","len":3},{"path":"c","error":{"code":"E","message":"m"}},{"path":"d","len":0}]\nx"\n')
  })
})
