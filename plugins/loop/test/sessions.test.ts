// Sessions of the loop under stress: taking and dropping the work, a budget spent mid-run, the API failing
// mid-iteration and the session resumed, a stop request, not a git repository, bad input, and --scope.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FakeReply, TestKernel } from '@mmm/kernel/testing'
import { git, JS_FILES, makeRepo, snapshot } from './fixtureRepo.ts'
import { ANALYZER, done, errorOf, fixVar, LOOP, loopFile, loopKernel, review, VAR } from './loopHarness.ts'

let k: TestKernel | undefined
let dir = ''
const file = loopFile(() => ({ k, dir }), () => { k = undefined; dir = '' })
const { home } = file

async function kernelIn(cwd: string, key?: string): Promise<TestKernel> {
  dir = cwd
  k = await loopKernel(cwd, { fakeUrl: file.fake.url, home, ...(key !== undefined ? { key } : {}) })
  return k
}


interface S { id: string; status: string; branch: string; worktree: string; stop: { code: string; message: string }; current: { sha: string }; iterations: Array<{ status: string; reason?: string }> }

async function improved(): Promise<S> {
  file.fake.enqueue(review(5, [VAR]), fixVar, done, review(9, []))
  return (await k!.call('loop.improve', {})) as S
}

describe('taking and dropping the work', () => {
  it('--apply merges into the current branch, refusing a dirty tree first', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES))
    const s = await improved()
    writeFileSync(join(dir, 'README.md'), 'changed\n')
    const dirty = await errorOf(kernel.call('loop.improve', { apply: s.id }))
    expect(dirty.code).toBe('MMM_LOOP_DIRTY_TREE')
    expect(dirty.message).toMatch(/README\.md.*git stash -u/)
    expect(readFileSync(join(dir, 'src/add.js'), 'utf8')).toContain('var sum')
    git(dir, 'checkout', 'README.md')
    const text = (await kernel.call('loop.improve', { apply: s.id, format: 'text' })) as string
    expect(text).toMatch(/Applied to main by merge/)
    expect(readFileSync(join(dir, 'src/add.js'), 'utf8')).toContain('const sum = a + b')
    expect(git(dir, 'log', '-1', '--format=%s')).toMatch(/^mmm improve: var in add/)
    expect(git(dir, 'status', '--porcelain').split('\n').filter((l) => l && !l.includes('.mmm/'))).toEqual([])
    expect(existsSync(join(dir, s.worktree))).toBe(false)
    expect(git(dir, 'branch', '--list', s.branch).trim()).toBe('')
    expect((await errorOf(kernel.call('loop.discard', { id: s.id }))).code).toBe('MMM_LOOP_SESSION_CLOSED')
  })

  it('cherry-picks onto a branch that moved on, and --discard removes the worktree and branch', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES))
    const s = await improved()
    writeFileSync(join(dir, 'CHANGELOG.md'), '# changes\n')
    git(dir, 'add', 'CHANGELOG.md')
    git(dir, 'commit', '-qm', 'changelog')
    await kernel.call('loop.apply', { id: s.id, cherryPick: true })
    expect(git(dir, 'log', '--format=%s', '-2').trim().split('\n')).toEqual(['mmm improve: var in add', 'changelog'])
    file.fake.reset()
    const t = await improved()
    expect(t.status).toBe('finished')
    // The second session started from the new HEAD and is dropped.
    await kernel.call('loop.improve', { discard: t.id })
    expect(existsSync(join(dir, t.worktree))).toBe(false)
    expect(git(dir, 'branch', '--list', 'mmm/*').trim()).toBe('')
    expect(await kernel.call('loop.sessions', { status: 'discarded' })).toMatchObject([{ id: t.id, status: 'discarded' }])
  })
})

describe('--auto-commit and config', () => {
  it('--auto-commit merges the result into the current branch when every check passes', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES))
    file.fake.enqueue(review(5, [VAR]), fixVar, done, review(9, []))
    const s = (await kernel.call('loop.improve', { autoCommit: true })) as S & { applied: { how: string; into: string } }
    expect(s).toMatchObject({ status: 'applied', applied: { how: 'merge', into: 'main' } })
    expect(readFileSync(join(dir, 'src/add.js'), 'utf8')).toContain('const sum = a + b')
    expect(git(dir, 'branch', '--list', 'mmm/*').trim()).toBe('')
  })

  it('--auto-commit leaves the branch alone when a check still fails', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES))
    const before = snapshot(dir)
    // The lint still fails after the accepted iteration (it added a test but kept the var).
    const addSubTest = { toolUse: [{ name: 'create_file', input: { path: 'test/sub.test.js', file_text: "const test = require('node:test')\nconst assert = require('node:assert')\ntest('sub', () => assert.strictEqual(require('../src/sub.js')(3, 1), 2))\n" } }] }
    file.fake.enqueue(review(5, [VAR]), addSubTest, done, review(6, [VAR]))
    const s = (await kernel.call('loop.improve', { autoCommit: true, maxIterations: 1 })) as S
    expect(s.status).toBe('finished')
    expect(git(dir, 'rev-list', '--count', `main..${s.branch}`).trim()).toBe('1')
    expect(snapshot(dir)).toEqual(before)
  })

  it('mmm loop config shows the settings and the commands a session would run, overrides checked', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES))
    const c = (await kernel.call('loop.config', { target: 9, severity: 'critical,high' })) as { settings: { target: number; severity: string[]; maxIterations: number }; commands: Record<string, string> }
    expect(c.settings).toMatchObject({ target: 9, severity: ['critical', 'high'], maxIterations: 5 })
    expect(c.commands).toEqual({ test: 'npm test', lint: 'npm run lint' })
    expect((await errorOf(kernel.call('loop.config', { budget: '-3' }))).code).toBe('MMM_INVALID_INPUT')
  })
})

describe('stopping', () => {
  it('a budget spent in the middle of an iteration stops it, rolled back, with the reason', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES))
    const before = snapshot(dir)
    file.fake.enqueue(review(5, [VAR]), { ...fixVar, outputTokens: 60_000 } as FakeReply, done)
    const s = (await kernel.call('loop.improve', { budget: '50k' })) as S
    expect(s.stop.code).toBe('budget')
    expect(s.stop.message).toMatch(/budget of 50000 tokens is spent/)
    expect(s.iterations).toMatchObject([{ status: 'interrupted' }])
    // The edit of the unfinished iteration is gone with its worktree (nothing was accepted), and only two requests went out.
    expect(file.fake.messageRequests()).toHaveLength(2)
    expect(git(dir, 'branch', '--list', 'mmm/*').trim()).toBe('')
    expect(snapshot(dir)).toEqual(before)
  })

  it('the API failing mid-iteration stops the session resumable; resume finishes it with no half-applied edit', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES))
    writeFileSync(join(dir, 'README.md'), 'mine\n')
    const before = snapshot(dir)
    file.fake.enqueue(review(5, [VAR]), fixVar, { error: { status: 500, type: 'api_error', message: 'boom' } })
    const e = await errorOf(kernel.call('loop.improve', {}))
    expect(e.code).toBe('MMM_CLAUDE_API_ERROR')
    const id = /mmm loop resume (improve-\S+)/.exec(e.message)?.[1]
    expect(id).toBeDefined()
    const stopped = (await kernel.call('loop.show', { id })) as S
    expect(stopped).toMatchObject({ status: 'stopped', stop: { code: 'error' }, iterations: [{ status: 'failed' }] })
    // The edit made before the failure was rolled back.
    expect(readFileSync(join(dir, stopped.worktree, 'src/add.js'), 'utf8')).toBe(JS_FILES['src/add.js'])
    file.fake.enqueue(fixVar, done, review(9, []))
    const s = (await kernel.call('loop.resume', { id })) as S
    expect(s.status).toBe('finished')
    expect(s.iterations.map((i) => i.status)).toEqual(['failed', 'accepted'])
    expect(git(dir, 'rev-list', '--count', `main..${s.branch}`).trim()).toBe('1')
    expect(snapshot(dir)).toEqual(before)
  })

  it('mmm loop stop stops a running session between the agent\'s turns', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES))
    file.fake.enqueue(review(5, [VAR]), { ...fixVar, text: 'Working on it, slowly. '.repeat(20), chunkDelayMs: 40 } as FakeReply, done)
    const running = kernel.call('loop.improve', {}) as Promise<S>
    let id: string | undefined
    while (!id) {
      await new Promise((r) => setTimeout(r, 50))
      const rows = (await kernel.call('loop.sessions', {})) as Array<{ id: string }>
      if (rows.length && file.fake.messageRequests().length >= 2) id = rows[0]!.id
    }
    expect(await kernel.call('loop.stop', { id })).toMatchObject({ status: 'stopping' })
    const s = await running
    expect(s.status).toBe('stopped')
    expect(s.stop.code).toBe('stopped')
    expect(s.iterations).toMatchObject([{ status: 'interrupted' }])
    expect(readFileSync(join(dir, s.worktree, 'src/add.js'), 'utf8')).toBe(JS_FILES['src/add.js'])
    expect(await kernel.call('loop.stop', { id })).toMatchObject({ status: 'stopped' })
  })
})

describe('a crash between deciding to keep an iteration and committing it', () => {
  // The session is journaled (`pending`) before the commit: resume finishes whichever half was missing.
  async function crashedAfterAccept(kernel: TestKernel, committed: boolean): Promise<{ id: string; branch: string; worktree: string; message: string }> {
    file.fake.enqueue(review(5, [VAR]), fixVar, done, review(9, []))
    const s = (await kernel.call('loop.improve', {})) as S & { baseline: unknown; iterations: Array<Record<string, unknown>> }
    const stored = (await kernel.state.get('plugin:loop', `session:${s.id}`)) as Record<string, any>
    const message = git(join(dir, s.worktree), 'log', '-1', '--format=%B').trim()
    if (!committed) git(join(dir, s.worktree), 'reset', '-q', '--soft', 'HEAD~1')
    const it = stored.iterations[0]
    delete it.commit
    it.status = 'running'
    delete stored.stop
    await kernel.state.set('plugin:loop', `session:${s.id}`, { ...stored, status: 'running', phase: 'decide', current: { ...stored.baseline, sha: stored.base.sha }, pending: { iteration: 1, message } })
    return { id: s.id, branch: s.branch, worktree: s.worktree, message }
  }

  for (const committed of [false, true]) {
    it(committed ? 'the commit happened: resume adopts it' : 'the commit did not happen: resume makes it from the validated edit', async () => {
      const kernel = await kernelIn(makeRepo(JS_FILES))
      const c = await crashedAfterAccept(kernel, committed)
      expect((await kernel.call('loop.show', { id: c.id, diffs: false }) as S).status).toBe('stopped')
      const s = (await kernel.call('loop.resume', { id: c.id })) as S & { iterations: Array<{ status: string; commit?: string }> }
      expect(s.iterations[0]).toMatchObject({ status: 'accepted', commit: s.current.sha })
      expect(s.stop.code).toBe('target')
      expect(git(dir, 'rev-list', '--count', `main..${c.branch}`).trim()).toBe('1')
      expect(git(dir, 'log', '-1', '--format=%B', c.branch).trim()).toBe(c.message)
      expect(readFileSync(join(dir, c.worktree, 'src/add.js'), 'utf8')).toContain('const sum')
      expect(git(join(dir, c.worktree), 'status', '--porcelain').trim()).toBe('')
    })
  }
})

describe('bad input', () => {
  it('refuses a directory that is not a git repository, unless --init-git', async () => {
    const plain = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-loop-plain-')))
    for (const [p, t] of Object.entries(JS_FILES)) {
      mkdirSync(join(plain, p, '..'), { recursive: true })
      writeFileSync(join(plain, p), t)
    }
    const kernel = await kernelIn(plain)
    const e = await errorOf(kernel.call('loop.improve', {}))
    expect(e.code).toBe('MMM_LOOP_NOT_GIT')
    expect(e.message).toMatch(/--init-git/)
    expect(existsSync(join(plain, '.git'))).toBe(false)
    file.fake.enqueue(review(5, [VAR]))
    const s = (await kernel.call('loop.improve', { initGit: true, dryRun: true })) as S
    expect(s.stop.code).toBe('dry-run')
    expect(git(plain, 'log', '--format=%s').trim()).toBe('Initial commit (mmm improve --init-git)')
  })

  it('refuses a repository without a commit, and bad settings, before making anything', async () => {
    const empty = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-loop-empty-')))
    git(empty, 'init', '-q')
    const kernel = await kernelIn(empty)
    expect((await errorOf(kernel.call('loop.improve', {}))).code).toBe('MMM_LOOP_NO_COMMIT')
    writeFileSync(join(empty, 'a.js'), 'x\n')
    git(empty, 'add', '.')
    git(empty, 'commit', '-qm', 'a')
    for (const [input, pattern] of [
      [{ budget: 'lots' }, /budget/],
      [{ severity: 'urgent' }, /"urgent" is not a severity/],
      [{ scope: '../elsewhere' }, /not a path inside the project/],
      [{ target: 11 }, /target/],
      [{ maxIterations: 0 }, /maxIterations/],
    ] as const) {
      const e = await errorOf(kernel.call('loop.improve', input))
      expect(e.code).toBe('MMM_INVALID_INPUT')
      expect(e.message).toMatch(pattern)
    }
    expect(git(empty, 'branch', '--list', 'mmm/*').trim()).toBe('')
    expect(git(empty, 'worktree', 'list').trim().split('\n')).toHaveLength(1)
    expect(file.fake.messageRequests()).toHaveLength(0)
    expect((await errorOf(kernel.call('loop.resume', { id: 'improve-nope' }))).code).toBe('MMM_LOOP_SESSION_NOT_FOUND')
  })

  it('a bad loop option in mmm.config.ts names the option and the file', async () => {
    dir = makeRepo(JS_FILES)
    k = await loopKernel(dir, { fakeUrl: file.fake.url, home, plugins: [ANALYZER, [LOOP, { target: 'high', commands: { test: 3 } }] as never] })
    const e = await errorOf(k.call('loop.improve', {}))
    expect(e.code).toBe('MMM_INVALID_INPUT')
    expect(e.message).toMatch(/the loop option target \(mmm\.config\.ts\) must be a number from 0 to 10, not "high"/)
    expect(git(dir, 'branch', '--list', 'mmm/*').trim()).toBe('')
  })

  it('without Claude configured, fails at once (before the analysis and the baseline) and leaves no session, worktree or branch behind', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES), '')
    const before = snapshot(dir)
    const e = await errorOf(kernel.call('loop.improve', {}))
    expect(e.code).toBe('MMM_NOT_CONFIGURED')
    expect(e.message).toMatch(/ANTHROPIC_API_KEY/)
    expect(git(dir, 'branch', '--list', 'mmm/*').trim()).toBe('')
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1)
    expect(await kernel.call('loop.sessions', {})).toEqual([])
    expect(snapshot(dir)).toEqual(before)
  })

  it('--scope keeps the agent\'s edits inside it', async () => {
    const kernel = await kernelIn(makeRepo(JS_FILES))
    file.fake.enqueue(review(5, [VAR, { severity: 'low', title: 'sub', file: 'src/sub.js' }]), fixVar, { text: 'Could not edit add.' })
    const s = (await kernel.call('loop.improve', { scope: 'src/sub.js', maxIterations: 1 })) as S
    // The review's issue outside the scope was dropped; the edit outside it was refused to the model.
    expect(JSON.stringify(file.fake.messageRequests()[1]?.body)).not.toContain('var in add')
    expect(JSON.stringify(file.fake.messageRequests()[2]?.body)).toMatch(/src\/add\.js is outside the scope of this session/)
    expect(s.iterations).toMatchObject([{ status: 'rolled-back', reason: 'no change: Claude changed no file' }])
  })
})
