// ctx.fs.walk on the host: nested .gitignore files, grants, symlinks. Real temp dirs, no mocks.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFsCapability } from '../src/capabilities/fsCapability.ts'
import { rebaseRule } from '../src/capabilities/gitignoreRules.ts'
import type { Permissions } from '../src/capabilities/types.ts'
import { codeOf } from './helpers/outcome.ts'

let outside: string

beforeAll(async () => {
  outside = await mkdtemp(path.join(os.tmpdir(), 'mmm-walk-outside-'))
  await writeFile(path.join(outside, 'secret.txt'), 'TOP SECRET')
})

afterAll(async () => {
  await rm(outside, { recursive: true, force: true })
})

describe('fs: walk', () => {
  let wroot: string
  const walkFs = (permissions: Permissions) => createFsCapability({ plugin: 'p', root: wroot, permissions, env: {} })

  beforeAll(async () => {
    wroot = await mkdtemp(path.join(os.tmpdir(), 'mmm-walk-'))
    const files: Record<string, string> = {
      '.gitignore': 'dist/\n*.log\n# comment\n/only-root.txt\n',
      'a.ts': '',
      'only-root.txt': '',
      'app.log': '',
      'dist/bundle.js': '',
      'node_modules/dep/index.js': '',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'pkg/.gitignore': '!keep.log\nlocal.txt\n/build\n',
      'pkg/keep.log': '',
      'pkg/other.log': '',
      'pkg/local.txt': '',
      'pkg/only-root.txt': '',
      'pkg/build/out.js': '',
      'pkg/src/build/x.ts': '',
      'pkg/src/local.txt': '',
      'pkg/src/index.ts': '',
      'pkg/node_modules/x/y.js': '',
      'private/secret.txt': '',
      '.env': 'X=1',
    }
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(wroot, rel)), { recursive: true })
      await writeFile(path.join(wroot, rel), content)
    }
    await symlink(outside, path.join(wroot, 'escape'))
    await symlink(path.join(outside, 'secret.txt'), path.join(wroot, 'escape-file'))
  })

  afterAll(async () => {
    await rm(wroot, { recursive: true, force: true })
  })

  it('honours nested .gitignore files and always skips node_modules and .git', async () => {
    const out = await walkFs({ fs: { read: ['**'] } }).walk!()
    expect(out).toEqual([
      '.env',
      '.gitignore',
      'a.ts',
      'pkg/.gitignore',
      'pkg/keep.log',
      'pkg/only-root.txt',
      'pkg/src/build/x.ts',
      'pkg/src/index.ts',
      'private/secret.txt',
    ])
  })

  it('returns only readable paths, sorted, with limit, patterns, ignore and directories', async () => {
    const fs = walkFs({ fs: { read: ['pkg/**', 'a.ts'] } })
    expect(await fs.walk!()).toEqual(['a.ts', 'pkg/.gitignore', 'pkg/keep.log', 'pkg/only-root.txt', 'pkg/src/build/x.ts', 'pkg/src/index.ts'])
    expect(await fs.walk!({ patterns: ['**/*.ts'] })).toEqual(['a.ts', 'pkg/src/build/x.ts', 'pkg/src/index.ts'])
    expect(await fs.walk!({ patterns: ['**/*.ts'], ignore: ['pkg/src/build/**'] })).toEqual(['a.ts', 'pkg/src/index.ts'])
    expect(await fs.walk!({ limit: 2 })).toEqual(['a.ts', 'pkg/.gitignore'])
    // A subtree pattern still honours the .gitignore files of the directories above it (pkg/: local.txt).
    expect(await fs.walk!({ patterns: ['pkg/src/**'] })).toEqual(['pkg/src/build/x.ts', 'pkg/src/index.ts'])
    expect(await fs.walk!({ patterns: ['pkg/**'], directories: true })).toEqual([
      'pkg', 'pkg/.gitignore', 'pkg/keep.log', 'pkg/only-root.txt', 'pkg/src', 'pkg/src/build', 'pkg/src/build/x.ts', 'pkg/src/index.ts',
    ])
    const noIgnore = (await walkFs({ fs: { read: ['**'] } }).walk!({ gitignore: false })) as string[]
    expect(noIgnore).toContain('dist/bundle.js')
    expect(noIgnore).toContain('pkg/build/out.js')
    expect(noIgnore.some((p) => p.includes('node_modules') || p.startsWith('.git/'))).toBe(false)
  })

  it('never follows symlinks out of the project', async () => {
    const out = (await walkFs({ fs: { read: ['**'] } }).walk!({ gitignore: false })) as string[]
    expect(out.some((p) => p.startsWith('escape'))).toBe(false)
  })

  it('refuses patterns that leave the root', async () => {
    const fs = walkFs({ fs: { read: ['**'] } })
    expect(await codeOf(fs.walk!({ patterns: ['../**'] }))).toBe('MMM_INVALID_INPUT')
    expect(await codeOf(fs.walk!({ patterns: ['/etc/**'] }))).toBe('MMM_INVALID_INPUT')
    expect(await codeOf(fs.walk!({ patterns: ['a/../../**'] }))).toBe('MMM_INVALID_INPUT')
  })

  it('rebases nested .gitignore rules to the root', () => {
    expect(rebaseRule('*.log', 'pkg')).toBe('pkg/**/*.log')
    expect(rebaseRule('/build', 'pkg')).toBe('pkg/build')
    expect(rebaseRule('a/b', 'pkg')).toBe('pkg/a/b')
    expect(rebaseRule('!keep.log', 'pkg')).toBe('!pkg/**/keep.log')
    expect(rebaseRule('tmp/', 'p[1]')).toBe('p\\[1\\]/**/tmp/')
    expect(rebaseRule('# c', 'pkg')).toBeNull()
    expect(rebaseRule('   ', 'pkg')).toBeNull()
  })
})

describe('fs.walk details', () => {
  it('returns size and mtime per file when asked', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'mmm-walk-details-'))
    await writeFile(path.join(root, 'a.txt'), 'hello')
    await mkdir(path.join(root, 'sub'))
    await writeFile(path.join(root, 'sub', 'b.txt'), '')
    const entries = (await createFsCapability({ plugin: 'p', root, permissions: { fs: { read: ['**'] } }, env: {} }).walk!({ details: true })) as Array<{ path: string; size: number; mtimeMs: number }>
    expect(entries.map((e) => [e.path, e.size])).toEqual([['a.txt', 5], ['sub/b.txt', 0]])
    for (const e of entries) {
      expect(typeof e.path).toBe('string')
      expect(e.size).toBeGreaterThanOrEqual(0)
      expect(e.mtimeMs).toBeGreaterThan(0)
    }
    await rm(root, { recursive: true, force: true })
  })
})
