// The project both fs capability test files work in: a few files, kernel-owned files, git internals, and
// symlinks pointing out of the project, inside it, and at a secret directory. Call in a describe scope.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { createFsCapability } from '../../src/capabilities/fsCapability.ts'
import type { Permissions } from '../../src/capabilities/types.ts'

export const ALL: Permissions = { fs: { read: ['**'], write: ['**'] } }

export interface FsFixture {
  readonly root: string
  readonly outside: string
  put(rel: string, content?: string): Promise<void>
  fsFor(permissions: Permissions): ReturnType<typeof createFsCapability>
}

export function useFsFixture(): FsFixture {
  const f = {
    root: '',
    outside: '',
    async put(rel: string, content = rel): Promise<void> {
      const file = path.join(f.root, rel)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, content)
    },
    fsFor: (permissions: Permissions) => createFsCapability({ plugin: 'p', root: f.root, permissions, env: {} }),
  }
  beforeAll(async () => {
    f.root = await mkdtemp(path.join(os.tmpdir(), 'mmm-fs-'))
    f.outside = await mkdtemp(path.join(os.tmpdir(), 'mmm-fs-outside-'))
    await writeFile(path.join(f.outside, 'secret.txt'), 'TOP SECRET')
    await f.put('src/a.ts', 'export const a = 1\n')
    await f.put('src/b.md', '# b\n')
    await f.put('docs/guide.md', 'guide')
    await f.put('secret/key.txt', 'private')
    await f.put('.mmm/plugins.lock.json', '{}')
    await f.put('.mmm/state.db', 'db')
    await f.put('.git/config', '[core]')
    await f.put('.git/hooks/README', 'hooks')
    await symlink(path.join(f.outside, 'secret.txt'), path.join(f.root, 'link-file'))
    await symlink(f.outside, path.join(f.root, 'link-dir'))
    await symlink('../secret/key.txt', path.join(f.root, 'docs/inner-link'))
    await symlink('a.ts', path.join(f.root, 'src/alias.ts'))
  })
  afterAll(async () => {
    await rm(f.root, { recursive: true, force: true })
    await rm(f.outside, { recursive: true, force: true })
  })
  return f
}
