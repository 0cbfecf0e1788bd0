// `mmm improve` end to end on real fixture repositories: the real SDK against the fake Messages API scripting
// the review and the agent's tool calls; the code is really edited, the project's tests and lint really run,
// the session's branch really gets commits, and the user's tree stays byte-identical.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TestKernel } from '@mmm/kernel/testing'
import { addSubTest, ANALYZER, fixVar, LOOP, loopFile, loopKernel, NO_TEST, review, tools, VAR } from './loopHarness.ts'
import { git, JS_FILES, makeRepo, PY_FILES, snapshot, TS_FILES, withTsc } from './fixtureRepo.ts'

let k: TestKernel | undefined
let dir = ''
const file = loopFile(() => ({ k, dir }), () => { k = undefined; dir = '' })
const { home } = file

async function start(files: Record<string, string>, options: Record<string, unknown> = {}, prepare?: (dir: string) => void): Promise<TestKernel> {
  dir = makeRepo(files)
  prepare?.(dir)
  k = await loopKernel(dir, { fakeUrl: file.fake.url, home, plugins: [ANALYZER, [LOOP, options] as never] })
  return k
}

const VAR_TS = { ...VAR, file: 'src/add.ts' }
const NO_TEST_TS = { ...NO_TEST, file: 'src/sub.ts' }
const breakAdd = tools(['str_replace', { path: 'src/add.js', old_str: '  var sum = a + b', new_str: '  const sum = a - b' }])

interface S { id: string; status: string; branch: string; worktree: string; stop: { code: string; message: string }; baseline: { score: { score: number }; signals: { tests: { passed: number; failed: number }; lint: { errors: number } } }; current: { sha: string; score: { score: number; parts: Array<{ name: string }> }; signals: { tests: { passed: number; failed: number }; lint: { errors: number } } }; iterations: Array<{ n: number; status: string; reason?: string; commit?: string; filesChanged: string[] }>; usage: { inputTokens: number; outputTokens: number } }

describe('mmm improve on a JavaScript project', () => {
  it('edits the code in a worktree, validates with the project\'s own commands, commits, and reaches the target', async () => {
    const kernel = await start(JS_FILES)
    // A dirty user tree: a modified tracked file, a staged change and an untracked file.
    writeFileSync(join(dir, 'README.md'), '# calc\n\nwork in progress\n')
    writeFileSync(join(dir, 'notes.txt'), 'mine\n')
    writeFileSync(join(dir, 'src/sub.js'), `${JS_FILES['src/sub.js']}// staged\n`)
    git(dir, 'add', 'src/sub.js')
    const before = snapshot(dir)
    file.fake.enqueue(review(5, [VAR, NO_TEST]), tools(['read_file', { path: 'src/add.js' }]), fixVar, addSubTest, { text: 'Replaced var with const in add; added a test for sub.' }, review(9, []))
    const s = (await kernel.call('loop.improve', {})) as S
    expect(s.status).toBe('finished')
    expect(s.stop.code).toBe('target')
    // Measured before and after: lint really failed, then passed; one more test really ran.
    expect(s.baseline.signals.lint.errors).toBe(1)
    expect(s.baseline.signals.tests).toMatchObject({ passed: 1, failed: 0 })
    expect(s.current.signals.lint.errors).toBe(0)
    expect(s.current.signals.tests).toMatchObject({ passed: 2, failed: 0 })
    expect(s.current.score.score).toBeGreaterThan(s.baseline.score.score)
    expect(s.current.score.parts.map((p) => p.name)).toEqual(expect.arrayContaining(['tests', 'lint', 'review']))
    expect(s.iterations).toMatchObject([{ n: 1, status: 'accepted', filesChanged: ['src/add.js', 'test/sub.test.js'] }])
    // One commit on the session's branch, saying what and why.
    expect(git(dir, 'log', '--format=%s', `${git(dir, 'rev-parse', 'main').trim()}..${s.branch}`).trim()).toBe('mmm improve: var in add (+1 more)')
    expect(git(dir, 'log', '-1', '--format=%B', s.branch)).toMatch(/score 7\.2 → 9\.2.[\s\S]*\[high\] var in add \(src\/add\.js:2\)[\s\S]*Replaced var with const/)
    expect(readFileSync(join(dir, s.worktree, 'src/add.js'), 'utf8')).toContain('const sum = a + b')
    // The agent saw the file it asked for, with line numbers.
    expect(JSON.stringify(file.fake.messageRequests()[2]?.body)).toContain('2\\t  var sum = a + b')
    expect(snapshot(dir)).toEqual(before)
    expect(s.usage.inputTokens).toBeGreaterThan(0)
    // The session is listed and shown with its diff.
    expect(await kernel.call('loop.sessions', {})).toMatchObject([{ id: s.id, status: 'finished', iterations: '1/1 accepted' }])
    const shown = (await kernel.call('loop.show', { id: s.id })) as { diffs: Record<string, string> }
    expect(shown.diffs['1']).toContain('+  const sum = a + b')
  })

  it('rolls back an edit that breaks a test and keeps the accepted ones', async () => {
    const kernel = await start(JS_FILES)
    const before = snapshot(dir)
    file.fake.enqueue(
      review(5, [VAR, NO_TEST]),
      addSubTest, { text: 'Added a test for sub.' }, review(6, [VAR]),
      breakAdd, { text: 'Replaced var.' },
    )
    const s = (await kernel.call('loop.improve', { maxIterations: 2 })) as S
    expect(s.iterations.map((i) => i.status)).toEqual(['accepted', 'rolled-back'])
    expect(s.iterations[1]!.reason).toMatch(/^regression: tests broke \(0 → 1 failing\)/)
    expect(s.stop.code).toBe('max-iterations')
    // The branch has the accepted commit only; the worktree holds no trace of the breaking edit.
    expect(git(dir, 'rev-list', '--count', `main..${s.branch}`).trim()).toBe('1')
    expect(readFileSync(join(dir, s.worktree, 'src/add.js'), 'utf8')).toBe(JS_FILES['src/add.js'])
    expect(git(join(dir, s.worktree), 'status', '--porcelain').trim()).toBe('')
    expect(s.current.signals.tests).toMatchObject({ passed: 2, failed: 0 })
    expect(snapshot(dir)).toEqual(before)
  })

  it('--dry-run measures, reviews and plans without editing anything or leaving a branch', async () => {
    const kernel = await start(JS_FILES)
    const before = snapshot(dir)
    file.fake.enqueue(review(5, [VAR, NO_TEST]))
    const text = (await kernel.call('loop.improve', { dryRun: true, format: 'text' })) as string
    expect(text).toMatch(/dry run/)
    expect(text).toMatch(/Iteration 1:\n {4}\[high\] var in add — src\/add\.js:2\n {4}\[medium\] sub has no test — src\/sub\.js/)
    expect(text).toMatch(/Nothing was edited\. Measured: tests 1 passed, 0 failed · lint 1 problem/)
    expect(file.fake.messageRequests()).toHaveLength(1)
    expect(git(dir, 'branch', '--list', 'mmm/*').trim()).toBe('')
    expect(existsSync(join(dir, '.mmm/worktrees'))).toBe(true)
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1)
    expect(snapshot(dir)).toEqual(before)
  })
})

describe('mmm improve on a TypeScript project', () => {
  it('runs test, lint and tsc in the worktree (node_modules linked), rolls back a type error, then keeps the fix', async () => {
    const kernel = await start(TS_FILES, {}, withTsc)
    const before = snapshot(dir)
    const typeError = tools(['str_replace', { path: 'src/add.ts', old_str: '  var sum = a + b', new_str: '  const sum: string = a + b' }])
    const fix = tools(
      ['str_replace', { path: 'src/add.ts', old_str: '  var sum = a + b', new_str: '  const sum = a + b' }],
      ['create_file', { path: 'test/sub.test.ts', file_text: "import { test } from 'node:test'\nimport assert from 'node:assert'\nimport { sub } from '../src/sub.ts'\n\ntest('subtracts', () => assert.strictEqual(sub(5, 3), 2))\n" }],
    )
    const intoDeps = tools(['create_file', { path: 'node_modules/.bin/evil', file_text: 'x' }])
    file.fake.enqueue(review(5, [VAR_TS, NO_TEST_TS]), intoDeps, typeError, { text: 'Typed the sum.' }, fix, { text: 'const instead of var; a test for sub.' }, review(9, []))
    const s = (await kernel.call('loop.improve', {})) as S & { linked: string[]; current: { signals: { types: { errors: number } } }; baseline: { signals: { types: { errors: number } } } }
    expect(s.linked).toEqual(['node_modules'])
    expect(s.baseline.signals).toMatchObject({ tests: { passed: 1, failed: 0 }, lint: { errors: 1 }, types: { errors: 0 } })
    expect(s.iterations.map((i) => [i.status, i.reason ?? ''])).toEqual([['rolled-back', 'regression: type errors went up (0 → 2)'], ['accepted', '']])
    expect(s.current.signals).toMatchObject({ tests: { passed: 2, failed: 0 }, lint: { errors: 0 }, types: { errors: 0 } })
    expect(s.current.score.parts.map((p) => p.name)).toEqual(['tests', 'lint', 'types', 'analysis', 'review'])
    expect(s.stop.code).toBe('target')
    // The linked dependencies (the user's own node_modules) are never edited, nor part of a commit.
    expect(JSON.stringify(file.fake.messageRequests()[2]?.body)).toMatch(/node_modules\/\.bin\/evil is in node_modules, the project's installed dependencies/)
    expect(existsSync(join(dir, 'node_modules/.bin/evil'))).toBe(false)
    expect(git(dir, 'show', '--name-only', '--format=', s.branch).trim().split('\n')).toEqual(['src/add.ts', 'test/sub.test.ts'])
    expect(snapshot(dir)).toEqual(before)
  })
})

describe('mmm improve on a Python project', () => {
  it('finds the Makefile commands, fixes the bare except, and the unittest run counts', async () => {
    const kernel = await start(PY_FILES)
    const fix = tools(['str_replace', { path: 'calc/parse.py', old_str: '    except:', new_str: '    except ValueError:' }])
    file.fake.enqueue(review(4, [{ severity: 'high', title: 'bare except', file: 'calc/parse.py', line: 4 }]), fix, { text: 'Catch ValueError only.' }, review(9, []))
    const s = (await kernel.call('loop.improve', {})) as S
    expect(s.baseline.signals.lint.errors).toBe(1)
    expect(s.baseline.signals.tests).toMatchObject({ passed: 1, failed: 0 })
    expect(s.current.signals.lint.errors).toBe(0)
    expect(s.iterations).toMatchObject([{ status: 'accepted', filesChanged: ['calc/parse.py'] }])
    expect(readFileSync(join(dir, s.worktree, 'calc/parse.py'), 'utf8')).toContain('except ValueError:')
    expect(readFileSync(join(dir, 'calc/parse.py'), 'utf8')).toContain('except:\n')
  })
})
