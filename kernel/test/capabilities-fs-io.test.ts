// ctx.fs on the host: write, read limits, readMany, list, stat, remove. Real temp dirs, no mocks.
import { existsSync } from 'node:fs'
import { chmod, open, readdir, readFile, rm, stat, symlink } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Permissions } from '../src/capabilities/types.ts'
import { codeOf, messageOf } from './helpers/outcome.ts'
import { ALL, useFsFixture } from './helpers/fsFixture.ts'

const fx = useFsFixture()
const put = (rel: string, content?: string) => fx.put(rel, content)
const fsFor = (permissions: Permissions) => fx.fsFor(permissions)

describe('fs: write', () => {
  it('writes atomically and leaves no temp files', async () => {
    const fs = fsFor(ALL)
    await fs.write!('out/deep/file.txt', 'one')
    await fs.write!('out/deep/file.txt', 'two ✓')
    expect(await readFile(path.join(fx.root, 'out/deep/file.txt'), 'utf8')).toBe('two ✓')
    expect(await readdir(path.join(fx.root, 'out/deep'))).toEqual(['file.txt'])
    expect(await fs.read!('out/deep/file.txt')).toBe('two ✓')
  })

  it('keeps the mode of a file it replaces', async () => {
    await put('out/script.sh', '#!/bin/sh\n')
    await chmod(path.join(fx.root, 'out/script.sh'), 0o755)
    await fsFor(ALL).write!('out/script.sh', '#!/bin/sh\necho hi\n')
    expect((await stat(path.join(fx.root, 'out/script.sh'))).mode & 0o777).toBe(0o755)
  })

  it('writes through an inner symlink to its target only when both paths are granted', async () => {
    await fsFor(ALL).write!('src/alias.ts', 'export const a = 2\n')
    expect(await readFile(path.join(fx.root, 'src/a.ts'), 'utf8')).toBe('export const a = 2\n')
    expect(await codeOf(fsFor({ fs: { write: ['docs/**'] } }).write!('docs/inner-link', 'x'))).toBe('MMM_PERMISSION_DENIED')
    expect(await readFile(path.join(fx.root, 'secret/key.txt'), 'utf8')).toBe('private')
  })

  it('refuses content over 32 MB and directories as targets', async () => {
    const fs = fsFor(ALL)
    expect(await codeOf(fs.write!('big.txt', 'x'.repeat(32 * 1024 * 1024 + 1)))).toBe('MMM_PAYLOAD_TOO_LARGE')
    expect(existsSync(path.join(fx.root, 'big.txt'))).toBe(false)
    expect(await codeOf(fs.write!('src', 'x'))).toBe('MMM_FS_ERROR')
  })
})

describe('fs: read limits and readMany', () => {
  it('refuses files over 32 MB, pointing to walk/readMany', async () => {
    const fh = await open(path.join(fx.root, 'huge.bin'), 'w')
    await fh.truncate(32 * 1024 * 1024 + 1)
    await fh.close()
    const fs = fsFor(ALL)
    expect(await codeOf(fs.read!('huge.bin'))).toBe('MMM_PAYLOAD_TOO_LARGE')
    expect(await messageOf(fs.read!('huge.bin'))).toMatch(/walk.*readMany/)
    const many = (await fs.readMany!(['huge.bin', 'src/b.md'])) as Array<{ path: string; content?: string; error?: { code: string } }>
    expect(many[0]).toMatchObject({ path: 'huge.bin', error: { code: 'MMM_PAYLOAD_TOO_LARGE' } })
    expect(many[1]).toEqual({ path: 'src/b.md', content: '# b\n' })
    await rm(path.join(fx.root, 'huge.bin'))
  })

  it('reports per-path errors in order instead of throwing', async () => {
    const fs = fsFor({ fs: { read: ['src/**', 'docs/**'] } })
    const out = (await fs.readMany!(['src/b.md', 'secret/key.txt', 'src/missing.ts', '../../etc/passwd', 'src'])) as Array<Record<string, unknown>>
    expect(out.map((r) => r.path)).toEqual(['src/b.md', 'secret/key.txt', 'src/missing.ts', '../../etc/passwd', 'src'])
    expect(out[0]).toEqual({ path: 'src/b.md', content: '# b\n' })
    expect(out.slice(1).map((r) => (r.error as { code: string }).code)).toEqual(['MMM_PERMISSION_DENIED', 'MMM_FS_ERROR', 'MMM_PERMISSION_DENIED', 'MMM_FS_ERROR'])
    expect(JSON.parse(JSON.stringify(out))).toEqual(out)
  })

  it('takes at most 1000 paths', async () => {
    expect(await codeOf(fsFor(ALL).readMany!(Array.from({ length: 1001 }, () => 'src/b.md')))).toBe('MMM_INVALID_INPUT')
    expect(((await fsFor(ALL).readMany!(Array.from({ length: 1000 }, () => 'src/b.md'))) as unknown[]).length).toBe(1000)
  })
})

describe('fs: list and stat', () => {
  it('lists a directory, filtered by the grant', async () => {
    const all = (await fsFor(ALL).list!('src')) as Array<{ name: string; type: string }>
    expect(all).toEqual([
      { name: 'a.ts', type: 'file' },
      { name: 'alias.ts', type: 'symlink' },
      { name: 'b.md', type: 'file' },
    ])
    const rootList = (await fsFor({ fs: { read: ['src/**'] } }).list!()) as Array<{ name: string }>
    expect(rootList.map((e) => e.name)).toEqual(['src'])
    expect(await codeOf(fsFor({ fs: { read: ['src/**'] } }).list!('docs'))).toBe('MMM_PERMISSION_DENIED')
    const nested = (await fsFor({ fs: { read: ['src/**/*.ts'] } }).list!('src')) as Array<{ name: string }>
    expect(nested.map((e) => e.name)).toEqual(['a.ts', 'alias.ts'])
  })

  it('stats files, directories and symlinks; null when missing', async () => {
    const fs = fsFor(ALL)
    expect(await fs.stat!('src/b.md')).toMatchObject({ type: 'file', size: 4 })
    expect(await fs.stat!('src')).toMatchObject({ type: 'directory' })
    expect(await fs.stat!('src/alias.ts')).toMatchObject({ type: 'symlink' })
    expect(await fs.stat!('src/nope.ts')).toBeNull()
    expect(await fs.stat!('')).toMatchObject({ type: 'directory' })
    expect(await codeOf(fsFor({ fs: { read: ['src/**'] } }).stat!('secret/key.txt'))).toBe('MMM_PERMISSION_DENIED')
  })
})

describe('fs: remove', () => {
  it('removes files and directories under the write grant', async () => {
    await put('trash/a.txt')
    await put('trash/sub/b.txt')
    const fs = fsFor({ fs: { read: ['**'], write: ['trash/**'] } })
    expect(await codeOf(fs.remove!('trash'))).toBe('MMM_FS_ERROR') // not empty, not recursive
    await fs.remove!('trash/a.txt')
    expect(existsSync(path.join(fx.root, 'trash/a.txt'))).toBe(false)
    await fs.remove!('trash', { recursive: true })
    expect(existsSync(path.join(fx.root, 'trash'))).toBe(false)
    expect(await codeOf(fs.remove!('trash/none.txt'))).toBe('MMM_FS_ERROR')
    expect(await codeOf(fs.remove!('src/a.ts'))).toBe('MMM_PERMISSION_DENIED')
  })

  it('refuses a recursive removal that would reach an ungranted file', async () => {
    await put('mixed/ok.txt')
    await put('mixed/keep/important.txt')
    const fs = fsFor({ fs: { write: ['mixed/*.txt', 'mixed'] } })
    expect(await codeOf(fs.remove!('mixed', { recursive: true }))).toBe('MMM_PERMISSION_DENIED')
    expect(existsSync(path.join(fx.root, 'mixed/keep/important.txt'))).toBe(true)
  })

  it('removes an inner symlink, not its target', async () => {
    await symlink('b.md', path.join(fx.root, 'src/b-link.md'))
    await fsFor(ALL).remove!('src/b-link.md')
    expect(existsSync(path.join(fx.root, 'src/b-link.md'))).toBe(false)
    expect(existsSync(path.join(fx.root, 'src/b.md'))).toBe(true)
  })
})
