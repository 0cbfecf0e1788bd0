// ctx.git on the host: real repositories made with `git init` in temp dirs, no mocks.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGitCapability } from '../src/capabilities/gitCapability.ts'
import type { Permissions } from '../src/capabilities/types.ts'
import { codeOf, messageOf } from './helpers/outcome.ts'

let root: string
let home: string
const GIT: Permissions = { exec: ['git'] }

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, GIT_CONFIG_NOSYSTEM: '1' } })
}

function gitFor(permissions: Permissions = GIT) {
  return createGitCapability({ plugin: 'p', root, permissions, env: { PATH: process.env.PATH ?? '', HOME: home, SECRET: 'x' } })
}

async function initRepo(dir: string): Promise<void> {
  sh(dir, 'init', '-q', '-b', 'main')
  sh(dir, 'config', 'user.name', 'Test User')
  sh(dir, 'config', 'user.email', 'test@example.com')
  sh(dir, 'config', 'commit.gpgsign', 'false')
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'mmm-git-home-'))
  root = await mkdtemp(path.join(os.tmpdir(), 'mmm-git-'))
  await initRepo(root)
  await writeFile(path.join(root, '.gitignore'), '.mmm/\n')
  await writeFile(path.join(root, 'a.txt'), 'one\n')
  sh(root, 'add', '.')
  sh(root, 'commit', '-q', '-m', 'initial')
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
  await rm(home, { recursive: true, force: true })
})

describe('git: grant', () => {
  it('is denied without "exec": ["git"], for every method', async () => {
    const git = gitFor({ fs: { read: ['**'] }, exec: ['node'] })
    for (const [name, fn] of Object.entries(git)) {
      expect(await codeOf(fn('x', {})), name).toBe('MMM_PERMISSION_DENIED')
    }
    expect(await messageOf(gitFor({}).status!())).toMatch(/"exec": \["git"\]/)
  })
})

describe('git: on a real repository', () => {
  it('status reports branch, head and changed files', async () => {
    const git = gitFor()
    const clean = (await git.status!()) as { branch: string; head: string; clean: boolean; files: unknown[] }
    expect(clean).toEqual({ branch: 'main', head: sh(root, 'rev-parse', 'HEAD').trim(), clean: true, files: [] })
    await writeFile(path.join(root, 'a.txt'), 'one\ntwo\n')
    await writeFile(path.join(root, 'new file.txt'), 'new\n')
    await writeFile(path.join(root, 'staged.txt'), 'staged\n')
    sh(root, 'add', 'staged.txt')
    const dirty = (await git.status!()) as { clean: boolean; files: Array<{ path: string; index: string; worktree: string }> }
    expect(dirty.clean).toBe(false)
    expect(dirty.files).toEqual(
      expect.arrayContaining([
        { path: 'a.txt', index: ' ', worktree: 'M' },
        { path: 'staged.txt', index: 'A', worktree: ' ' },
        { path: 'new file.txt', index: '?', worktree: '?' },
      ]),
    )
  })

  it('diff shows worktree, staged, ref and path-limited changes', async () => {
    const git = gitFor()
    const diff = (await git.diff!()) as string
    expect(diff).toContain('+two')
    expect(diff).not.toContain('staged.txt')
    expect((await git.diff!({ staged: true })) as string).toContain('+staged')
    expect((await git.diff!({ ref: 'HEAD' })) as string).toContain('+staged')
    expect((await git.diff!({ paths: ['staged.txt'] })) as string).toBe('')
    expect((await git.diff!({ ref: 'HEAD', paths: ['a.txt'] })) as string).not.toContain('staged')
    expect(await codeOf(git.diff!({ paths: ['../outside.txt'] }))).toBe('MMM_PERMISSION_DENIED')
  })

  it('commits with a literal message and returns the sha', async () => {
    const git = gitFor()
    const message = '--amend $(touch pwned) `id`; echo "quoted"'
    const { sha } = (await git.commit!(message, { paths: ['staged.txt'] })) as { sha: string }
    expect(sha).toMatch(/^[0-9a-f]{40}$/)
    expect(sh(root, 'rev-parse', 'HEAD').trim()).toBe(sha)
    expect(sh(root, 'log', '-1', '--format=%B').trim()).toBe(message)
    expect(existsSync(path.join(root, 'pwned'))).toBe(false)
    // only staged.txt went in: a.txt is still modified, the new file still untracked
    const st = (await git.status!()) as { files: Array<{ path: string }> }
    expect(st.files.map((f) => f.path).sort()).toEqual(['a.txt', 'new file.txt'])
    const all = (await git.commit!('everything', { all: true })) as { sha: string }
    expect(((await git.status!()) as { clean: boolean }).clean).toBe(true)
    expect(sh(root, 'show', '--name-only', '--format=', all.sha).trim().split('\n').sort()).toEqual(['a.txt', 'new file.txt'])
    expect(await codeOf(git.commit!('nothing'))).toBe('MMM_EXEC_FAILED')
    expect(((await git.commit!('empty', { allowEmpty: true })) as { sha: string }).sha).toMatch(/^[0-9a-f]{40}$/)
  })

  it('log parses sha, author, date and subject', async () => {
    const log = (await gitFor().log!({ limit: 3 })) as Array<{ sha: string; author: string; date: string; subject: string }>
    expect(log.map((e) => e.subject)).toEqual(['empty', 'everything', '--amend $(touch pwned) `id`; echo "quoted"'])
    expect(log[0]).toMatchObject({ author: 'Test User', sha: sh(root, 'rev-parse', 'HEAD').trim() })
    expect(Number.isNaN(Date.parse(log[0]!.date))).toBe(false)
    expect(((await gitFor().log!({ ref: 'HEAD~1', limit: 1 })) as Array<{ subject: string }>)[0]!.subject).toBe('everything')
    expect(((await gitFor().log!({ ref: 'HEAD~2..HEAD' })) as unknown[]).length).toBe(2)
  })

  it('stash push and pop', async () => {
    const git = gitFor()
    await writeFile(path.join(root, 'a.txt'), 'stashed change\n')
    await git.stash!({ message: 'wip' })
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).not.toBe('stashed change\n')
    expect(sh(root, 'stash', 'list')).toContain('wip')
    await git.stash!({ pop: true })
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).toBe('stashed change\n')
  })

  it('resetTo moves HEAD (hard discards changes)', async () => {
    const git = gitFor()
    const target = sh(root, 'rev-parse', 'HEAD~1').trim()
    await git.resetTo!('HEAD~1', { hard: true })
    expect(sh(root, 'rev-parse', 'HEAD').trim()).toBe(target)
    expect(((await git.status!()) as { clean: boolean }).clean).toBe(true)
    await writeFile(path.join(root, 'a.txt'), 'soft\n')
    const before = sh(root, 'rev-parse', 'HEAD~1').trim()
    await git.resetTo!(before)
    expect(sh(root, 'rev-parse', 'HEAD').trim()).toBe(before)
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).toBe('soft\n')
    sh(root, 'checkout', '--', '.')
  })

  it('worktree add, list and remove', async () => {
    const git = gitFor()
    const added = await git['worktree.add']!('.mmm/worktrees/w1', { branch: 'feature-1' })
    expect(added).toEqual({ path: '.mmm/worktrees/w1', branch: 'feature-1' })
    expect(existsSync(path.join(root, '.mmm/worktrees/w1/a.txt'))).toBe(true)
    const detached = await git['worktree.add']!('.mmm/worktrees/w2', { ref: sh(root, 'rev-parse', 'HEAD').trim() })
    expect(detached).toEqual({ path: '.mmm/worktrees/w2', branch: null })
    const list = (await git['worktree.list']!()) as Array<{ path: string; head: string | null; branch: string | null }>
    expect(list.map((w) => [w.path, w.branch])).toEqual([
      ['.', 'main'],
      ['.mmm/worktrees/w1', 'feature-1'],
      ['.mmm/worktrees/w2', null],
    ])
    expect(list[1]!.head).toMatch(/^[0-9a-f]{40}$/)
    // git in the worktree, through cwd
    const st = (await git.status!({ cwd: '.mmm/worktrees/w1' })) as { branch: string }
    expect(st.branch).toBe('feature-1')
    await git['worktree.remove']!('.mmm/worktrees/w1')
    await writeFile(path.join(root, '.mmm/worktrees/w2/dirty.txt'), 'x')
    expect(await codeOf(git['worktree.remove']!('.mmm/worktrees/w2'))).toBe('MMM_EXEC_FAILED')
    await git['worktree.remove']!('.mmm/worktrees/w2', { force: true })
    expect(((await git['worktree.list']!()) as unknown[]).length).toBe(1)
    expect(existsSync(path.join(root, '.mmm/worktrees/w1'))).toBe(false)
  })

  it('keeps worktrees inside the project and out of .git', async () => {
    const git = gitFor()
    expect(await codeOf(git['worktree.add']!('../escaped-worktree', { branch: 'x1' }))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(git['worktree.add']!('/tmp/escaped-worktree', { branch: 'x2' }))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(git['worktree.add']!('.git/wt', { branch: 'x3' }))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(git['worktree.add']!('.', {}))).toBe('MMM_PERMISSION_DENIED')
    expect(existsSync(path.join(path.dirname(root), 'escaped-worktree'))).toBe(false)
    expect(await codeOf(git.status!({ cwd: '..' }))).toBe('MMM_PERMISSION_DENIED')
  })

  it('log of a repository without commits is empty', async () => {
    const empty = path.join(root, '.mmm', 'empty-repo')
    await rm(empty, { recursive: true, force: true })
    const { mkdir } = await import('node:fs/promises')
    await mkdir(empty, { recursive: true })
    await initRepo(empty)
    expect(await gitFor().log!({ cwd: '.mmm/empty-repo' })).toEqual([])
    expect(await gitFor().status!({ cwd: '.mmm/empty-repo' })).toEqual({ branch: 'main', head: null, clean: true, files: [] })
  })
})

describe('git: option injection', () => {
  it('refuses refs and branch names that would be options', async () => {
    const git = gitFor()
    const marker = path.join(os.tmpdir(), `mmm-pwned-${process.pid}`)
    const cases: Array<() => Promise<unknown>> = [
      () => git.resetTo!(`--upload-pack=touch ${marker}`),
      () => git.resetTo!('-q'),
      () => git.resetTo!('HEAD --hard'),
      () => git.log!({ ref: `--output=${marker}` }),
      () => git.log!({ ref: '-p' }),
      () => git.diff!({ ref: `--output=${marker}` }),
      () => git.diff!({ ref: 'HEAD@{1}' }),
      () => git['worktree.add']!('.mmm/worktrees/inj', { branch: '-D' }),
      () => git['worktree.add']!('.mmm/worktrees/inj', { branch: '--force' }),
      () => git['worktree.add']!('.mmm/worktrees/inj', { ref: '--detach' }),
      () => git.resetTo!('a..b'),
      () => git.resetTo!(''),
    ]
    for (const [i, p] of cases.entries()) expect(await codeOf(p()), `case ${i}`).toBe('MMM_INVALID_INPUT')
    expect(existsSync(marker)).toBe(false)
    expect(existsSync(path.join(root, '.mmm/worktrees/inj'))).toBe(false)
  })

  it('never uses a bare repository planted in the project (core.fsmonitor would run a command)', async () => {
    const evil = path.join(root, '.mmm', 'evil')
    const marker = path.join(home, 'fsmonitor-ran')
    sh(root, 'init', '-q', '--bare', evil)
    sh(evil, 'config', 'core.bare', 'false')
    sh(evil, 'config', 'core.worktree', evil)
    sh(evil, 'config', 'core.fsmonitor', `touch "${marker}"; false`)
    expect(await codeOf(gitFor().status!({ cwd: '.mmm/evil' }))).toBe('MMM_EXEC_FAILED')
    expect(existsSync(marker)).toBe(false)
  })

  it('passes paths after -- so a path that looks like an option is a path', async () => {
    await writeFile(path.join(root, '--output=x'), 'odd name\n')
    const out = (await gitFor().diff!({ paths: ['--output=x'] })) as string
    expect(out).toBe('')
    expect(existsSync(path.join(root, 'x'))).toBe(false)
    const { sha } = (await gitFor().commit!('odd path', { paths: ['--output=x'] })) as { sha: string }
    expect(sh(root, 'show', '--name-only', '--format=', sha).trim()).toBe('--output=x')
  })

  it('fails bad argument types with MMM_INVALID_INPUT', async () => {
    const git = gitFor()
    const bad: Array<() => Promise<unknown>> = [
      () => git.status!('x'),
      () => git.status!({ cwd: 1 }),
      () => git.diff!({ staged: 'yes' }),
      () => git.diff!({ paths: 'a.txt' }),
      () => git.commit!(42),
      () => git.commit!('   '),
      () => git.commit!('m', { all: true, paths: ['a.txt'] }),
      () => git.log!({ limit: 0 }),
      () => git.log!({ limit: 'all' }),
      () => git.stash!({ pop: true, message: 'x' }),
      () => git.resetTo!(null),
      () => git['worktree.add']!(5),
      () => git['worktree.remove']!('x', { force: 'yes' }),
      () => git.status!({ unknown: true }),
    ]
    for (const [i, p] of bad.entries()) expect(await codeOf(p()), `case ${i}`).toBe('MMM_INVALID_INPUT')
  })
})

describe('git: environment', () => {
  it('keeps hooks, never prompts, and does not pass the kernel secrets', async () => {
    const repo = path.join(root, '.mmm', 'hook-repo')
    const { chmod, mkdir } = await import('node:fs/promises')
    await mkdir(path.join(repo, '.git', 'hooks'), { recursive: true })
    await initRepo(repo)
    const dump = path.join(home, 'hook-env.txt')
    await writeFile(path.join(repo, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\nenv > "${dump}"\n`)
    await chmod(path.join(repo, '.git', 'hooks', 'pre-commit'), 0o755)
    await writeFile(path.join(repo, 'f.txt'), 'x\n')
    await gitFor().commit!('with hook', { cwd: '.mmm/hook-repo', all: true })
    const env = await readFile(dump, 'utf8')
    expect(env).toContain('GIT_TERMINAL_PROMPT=0')
    expect(env).not.toContain('SECRET=')
  })
})
