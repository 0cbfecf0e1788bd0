// .mmm/.gitignore: in a fresh git repository, real mmm commands (the built CLI) that write state, the
// manifest cache, grants, a background job and a git worktree leave `git status` showing only what a
// team may commit; a .gitignore the user already has is left byte for byte.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BUILT_CLI, SLOW_PLUGIN, runBuiltCli, until } from './helpers/builtCli.ts'

const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } })

/** A fresh repository with one commit: the config (the slow plugin, granted git) and a workflow of the user's. */
function freshRepo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-dir-')))
  dirs.push(dir)
  git(dir, 'init', '-q', '-b', 'main')
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ plugins: [{ use: SLOW_PLUGIN, permissions: { exec: ['git'] } }], grants: { slow: { exec: ['git'] } } }))
  git(dir, 'add', '-A')
  git(dir, 'commit', '-qm', 'init')
  return dir
}

async function useMmm(dir: string): Promise<void> {
  const mmm = (args: string[]) => runBuiltCli(dir, args)
  expect((await mmm(['slow', 'work', '--label', 'a', '--json'])).code).toBe(0) // state.db, cache/, the lockfile
  expect((await mmm(['slow', 'tree', '--json'])).code).toBe(0) // worktrees/
  const { job } = JSON.parse((await mmm(['call', 'slow.work', '--input', '{"label":"b"}', '--background', '--json'])).stdout) as { job: string }
  const done = await until(() => JSON.parse(readFileSync(join(dir, '.mmm/jobs', `${job}.json`), 'utf8')) as { status: string }, (r) => r.status !== 'running')
  expect(done.status).toBe('succeeded')
}

describe('.mmm/.gitignore', () => {
  it('is written with the first generated file: git status shows only what stays committable under .mmm/', async () => {
    expect(existsSync(BUILT_CLI), 'kernel/dist/mmm.js is missing: run pnpm build').toBe(true)
    const dir = freshRepo()
    // The user's own files may come first: a workflow written before mmm ever ran.
    mkdirSync(join(dir, '.mmm/workflows'), { recursive: true })
    writeFileSync(join(dir, '.mmm/workflows/ci.yaml'), 'name: ci\n')
    await useMmm(dir)
    for (const generated of ['state.db', 'cache', 'jobs', 'worktrees/tree', 'plugins.lock.json']) expect(existsSync(join(dir, '.mmm', generated)), generated).toBe(true)
    const status = git(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean)
    expect(status.sort()).toEqual(['?? .mmm/.gitignore', '?? .mmm/plugins.lock.json', '?? .mmm/workflows/ci.yaml'])
    expect(readFileSync(join(dir, '.mmm/.gitignore'), 'utf8')).toMatch(/^# Written by mmm.*committable/)
  })

  it('leaves an existing .mmm/.gitignore byte-identical', async () => {
    const dir = freshRepo()
    mkdirSync(join(dir, '.mmm'))
    const mine = Buffer.from('# ours, no trailing newline\r\n/state.db*\n*', 'utf8')
    writeFileSync(join(dir, '.mmm/.gitignore'), mine)
    await useMmm(dir)
    expect(readFileSync(join(dir, '.mmm/.gitignore')).equals(mine)).toBe(true)
  })
})
