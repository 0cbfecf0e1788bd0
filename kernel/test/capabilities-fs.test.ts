// ctx.fs on the host: containment (traversal, symlinks, grants, protected files). Real temp dirs, real symlinks, no mocks.
import { existsSync } from 'node:fs'
import { readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFsCapability } from '../src/capabilities/fsCapability.ts'
import type { Permissions } from '../src/capabilities/types.ts'
import { codeOf, messageOf } from './helpers/outcome.ts'
import { ALL, useFsFixture } from './helpers/fsFixture.ts'

const fx = useFsFixture()
const put = (rel: string, content?: string) => fx.put(rel, content)
const fsFor = (permissions: Permissions) => fx.fsFor(permissions)

describe('fs: containment', () => {
  it('reads a granted file', async () => {
    expect(await fsFor(ALL).read!('src/a.ts')).toBe('export const a = 1\n')
    expect(await fsFor(ALL).read!(path.join(fx.root, 'src/a.ts'))).toBe('export const a = 1\n')
  })

  it('refuses traversal out of the root', async () => {
    const fs = fsFor(ALL)
    for (const p of ['../../etc/passwd', 'src/../../etc/passwd', '..', '/etc/passwd', path.join(fx.root, '..', 'x'), `${fx.root}/../${path.basename(fx.outside)}/secret.txt`]) {
      expect(await codeOf(fs.read!(p)), p).toBe('MMM_PERMISSION_DENIED')
    }
    expect(await messageOf(fs.read!('../../etc/passwd'))).toMatch(/outside the project root/)
  })

  it('treats encoded tricks as literal names inside the root', async () => {
    const fs = fsFor(ALL)
    for (const p of ['%2e%2e/%2e%2e/etc/passwd', '..%2f..%2fetc%2fpasswd', '..\\..\\etc\\passwd', '%2e%2e%5c%2e%2e%5cetc%5cpasswd']) {
      expect(await codeOf(fs.read!(p)), p).toBe('MMM_FS_ERROR') // no such file inside the root
    }
    expect(await codeOf(fs.read!('src/%2e%2e/../../../etc/passwd'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fs.read!('src/a.ts\0.png'))).toBe('MMM_INVALID_INPUT')
  })

  it('denies a file symlink that points outside the project', async () => {
    const fs = fsFor(ALL)
    expect(await codeOf(fs.read!('link-file'))).toBe('MMM_PERMISSION_DENIED')
    expect(await messageOf(fs.read!('link-file'))).toMatch(/symbolic link/)
    expect(await codeOf(fs.stat!('link-file'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fs.write!('link-file', 'pwned'))).toBe('MMM_PERMISSION_DENIED')
    expect(await readFile(path.join(fx.outside, 'secret.txt'), 'utf8')).toBe('TOP SECRET')
  })

  it('denies a directory symlink that points outside the project', async () => {
    const fs = fsFor(ALL)
    expect(await codeOf(fs.read!('link-dir/secret.txt'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fs.list!('link-dir'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fs.write!('link-dir/new.txt', 'x'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fs.write!('link-dir/deeper/new.txt', 'x'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fs.remove!('link-dir/secret.txt'))).toBe('MMM_PERMISSION_DENIED')
    expect(existsSync(path.join(fx.outside, 'new.txt'))).toBe(false)
    expect(existsSync(path.join(fx.outside, 'deeper'))).toBe(false)
    expect(existsSync(path.join(fx.outside, 'secret.txt'))).toBe(true)
  })

  it('checks both the given and the real path of an inner symlink against the grant', async () => {
    const docsOnly = fsFor({ fs: { read: ['docs/**', 'src/**'] } })
    expect(await codeOf(docsOnly.read!('docs/inner-link'))).toBe('MMM_PERMISSION_DENIED')
    expect(await docsOnly.read!('src/alias.ts')).toBe('export const a = 1\n')
    expect(await fsFor(ALL).read!('docs/inner-link')).toBe('private')
  })

  it('readMany (its fast path) keeps every containment rule of read', async () => {
    type Out = Array<{ path: string; content?: string; error?: { code: string; message: string } }>
    const all = (await fsFor(ALL).readMany!(['src/a.ts', 'link-file', 'link-dir/secret.txt', 'docs/inner-link', 'src/alias.ts', 'src', 'nope.txt'])) as Out
    expect(all.map((r) => r.content ?? r.error?.code)).toEqual([
      'export const a = 1\n', 'MMM_PERMISSION_DENIED', 'MMM_PERMISSION_DENIED', 'private', 'export const a = 1\n', 'MMM_FS_ERROR', 'MMM_FS_ERROR',
    ])
    expect(all[1]?.error?.message).toMatch(/symbolic link/)
    const docsOnly = (await fsFor({ fs: { read: ['docs/**', 'src/**'] } }).readMany!(['docs/inner-link', 'src/alias.ts', 'docs/guide.md', 'secret/key.txt'])) as Out
    expect(docsOnly.map((r) => r.content ?? r.error?.code)).toEqual(['MMM_PERMISSION_DENIED', 'export const a = 1\n', 'guide', 'MMM_PERMISSION_DENIED'])
    // A directory swapped for a symbolic link between two calls is seen by the next call.
    await fx.put('swap/x.txt', 'inside')
    const fs = fsFor(ALL)
    expect(((await fs.readMany!(['swap/x.txt'])) as Out)[0]?.content).toBe('inside')
    await rm(path.join(fx.root, 'swap'), { recursive: true })
    await symlink(fx.outside, path.join(fx.root, 'swap'))
    await writeFile(path.join(fx.outside, 'x.txt'), 'outside')
    expect(((await fs.readMany!(['swap/x.txt'])) as Out)[0]?.error?.code).toBe('MMM_PERMISSION_DENIED')
  })

  it('denies reads outside the granted globs, and everything by default', async () => {
    const src = fsFor({ fs: { read: ['src/**'] } })
    expect(await src.read!('src/b.md')).toBe('# b\n')
    expect(await codeOf(src.read!('secret/key.txt'))).toBe('MMM_PERMISSION_DENIED')
    expect(await messageOf(src.read!('secret/key.txt'))).toMatch(/"fs": \{ "read": \["secret\/key.txt"\] \}/)
    const tsOnly = fsFor({ fs: { read: ['**/*.ts'] } })
    expect(await tsOnly.stat!('secret')).toMatchObject({ type: 'directory' })
    expect(await codeOf(tsOnly.stat!('secret/key.txt'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(tsOnly.stat!('secret/missing.txt'))).toBe('MMM_PERMISSION_DENIED')
    expect(await tsOnly.stat!('secret/missing.ts')).toBeNull()
    expect(await tsOnly.list!('secret')).toEqual([])
    expect(await codeOf(tsOnly.list!('secret/key.txt'))).toBe('MMM_PERMISSION_DENIED')
    const none = fsFor({})
    expect(await codeOf(none.read!('src/a.ts'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(none.walk!())).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(none.list!())).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(none.stat!('src/a.ts'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(none.write!('src/new.ts', 'x'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(src.write!('src/new.ts', 'x'))).toBe('MMM_PERMISSION_DENIED')
  })
})

describe('fs: protected files', () => {
  it('never writes the lock file or the state db, even with write ["**"]', async () => {
    const fs = fsFor(ALL)
    for (const p of ['.mmm/plugins.lock.json', '.mmm/state.db', '.mmm/state.db-wal', '.mmm/state.db-shm', '.mmm/cache/manifests.json']) {
      expect(await codeOf(fs.write!(p, 'x')), p).toBe('MMM_PERMISSION_DENIED')
      expect(await codeOf(fs.remove!(p)), p).toBe('MMM_PERMISSION_DENIED')
    }
    expect(await codeOf(fs.remove!('.mmm', { recursive: true }))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fsFor({ fs: { write: ['.mmm/**'] } }).write!('.mmm/plugins.lock.json', '{}'))).toBe('MMM_PERMISSION_DENIED')
    expect(await readFile(path.join(fx.root, '.mmm/plugins.lock.json'), 'utf8')).toBe('{}')
  })

  it('writes .git only through a glob that starts with .git/', async () => {
    expect(await codeOf(fsFor(ALL).write!('.git/config', 'x'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fsFor(ALL).write!('.git/hooks/pre-commit', 'x'))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fsFor(ALL).remove!('.git', { recursive: true }))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fsFor(ALL).write!('sub/.git/hooks/post-checkout', 'x'))).toBe('MMM_PERMISSION_DENIED')
    const hooks = fsFor({ fs: { write: ['**', '.git/info/**'] } })
    await hooks.write!('.git/info/exclude', 'dist/\n')
    expect(await readFile(path.join(fx.root, '.git/info/exclude'), 'utf8')).toBe('dist/\n')
    expect(await codeOf(hooks.write!('.git/config', 'x'))).toBe('MMM_PERMISSION_DENIED')
    expect(await readFile(path.join(fx.root, '.git/config'), 'utf8')).toBe('[core]')
    await rm(path.join(fx.root, '.git/info'), { recursive: true })
  })

  it('refuses to remove the root', async () => {
    expect(await codeOf(fsFor(ALL).remove!('.', { recursive: true }))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fsFor(ALL).remove!(fx.root, { recursive: true }))).toBe('MMM_PERMISSION_DENIED')
  })
})

describe('fs: argument validation', () => {
  it('fails bad argument types with MMM_INVALID_INPUT, never a TypeError', async () => {
    const fs = fsFor(ALL)
    const bad: Array<() => Promise<unknown>> = [
      () => fs.read!(42),
      () => fs.read!(undefined),
      () => fs.read!(''),
      () => fs.read!({ path: 'a' }),
      () => fs.readMany!('src/a.ts'),
      () => fs.readMany!([1, 2]),
      () => fs.write!('x.txt', 42),
      () => fs.write!('x.txt', { toString: 'x' }),
      () => fs.write!(null, 'x'),
      () => fs.list!(5),
      () => fs.walk!('**'),
      () => fs.walk!({ limit: 'x' }),
      () => fs.walk!({ patterns: 'src/**' }),
      () => fs.walk!({ nope: true }),
      () => fs.walk!({ limit: -1 }),
      () => fs.stat!(null),
      () => fs.remove!('x', { recursive: 'yes' }),
      () => fs.remove!('x', []),
    ]
    for (const [i, p] of bad.entries()) expect(await codeOf(p()), `case ${i}`).toBe('MMM_INVALID_INPUT')
    expect(existsSync(path.join(fx.root, 'x.txt'))).toBe(false)
  })

  it('serves the real root even when given a symlinked root path', async () => {
    const alias = path.join(fx.outside, 'root-alias')
    await symlink(fx.root, alias)
    const fs = createFsCapability({ plugin: 'p', root: alias, permissions: ALL, env: {} })
    expect(await fs.read!('src/b.md')).toBe('# b\n')
    expect(await fs.read!(path.join(alias, 'src/b.md'))).toBe('# b\n')
    expect(await fs.read!(path.join(await realpath(fx.root), 'src/b.md'))).toBe('# b\n')
    expect(await codeOf(fs.read!(path.join(fx.outside, 'secret.txt')))).toBe('MMM_PERMISSION_DENIED')
  })

  it('has no inherited methods', () => {
    const fs = fsFor(ALL)
    expect(fs['constructor']).toBeUndefined()
    expect(fs['toString']).toBeUndefined()
    expect(Object.keys(fs).sort()).toEqual(['list', 'read', 'readMany', 'remove', 'stat', 'walk', 'write'])
  })
})
