// `spec run`: Claude (real SDK, fake Messages API scripted with tool calls) implements a spec in a git worktree,
// iterating until the validate commands pass and the criteria are checked; the user's files stay as they were.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, startFakeClaude, type FakeClaudeServer, type TestKernel } from '@mmm/kernel/testing'

const plugin = fileURLToPath(new URL('..', import.meta.url))
const grants = { spec: { fs: { read: ['**'], write: ['specs/**', '.mmm/worktrees/**'] }, exec: ['git', 'sh'], claude: true, tools: ['analyzer.context'] } }
let k: TestKernel | undefined
let dir = ''
let fake: FakeClaudeServer
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' }
const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, encoding: 'utf8', env: gitEnv })

beforeAll(async () => {
  fake = await startFakeClaude({ apiKey: 'sk-ant-test-run' })
})
afterAll(async () => fake?.close())
afterEach(async () => {
  await k?.close()
  k = undefined
  rmSync(dir, { recursive: true, force: true })
  fake.reset()
})

const SPEC = `---
id: add
title: Add two numbers
status: ready
validate:
  - node -e "if (require('./src/add.js')(2, 3) !== 5) { console.error('2 + 3 is not 5'); process.exit(1) }"
---
# Add two numbers

- [ ] adds two numbers
`

async function start(specs: Record<string, string>, o: { noKey?: boolean } = {}): Promise<TestKernel> {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-spec-run-')))
  mkdirSync(join(dir, 'specs'))
  for (const [id, text] of Object.entries(specs)) writeFileSync(join(dir, `specs/${id}.md`), text)
  writeFileSync(join(dir, '.gitignore'), '.mmm/\n')
  git('init', '-q')
  git('add', '.')
  git('commit', '-qm', 'specs')
  k = await createTestKernel({
    cwd: dir, plugins: [plugin], grants,
    env: { PATH: process.env.PATH ?? '', HOME: dir, ...(o.noKey ? {} : { ANTHROPIC_API_KEY: 'sk-ant-test-run' }), ...gitEnv },
    config: { claude: { provider: 'api', baseURL: fake.url, model: 'fake-model', maxRetries: 0 } },
  })
  return k
}

const write = (path: string, content: string) => ({ toolUse: [{ name: 'write_file', input: { path, content } }] })
const check = { toolUse: [{ name: 'replace_in_file', input: { path: 'specs/add.md', old_text: '- [ ] adds two numbers', new_text: '- [x] adds two numbers' } }] }

describe('spec run', () => {
  it('implements a spec in a worktree; iterates after a failing validation; the user tree only gets the status', async () => {
    const kernel = await start({ add: SPEC })
    fake.enqueue(write('src/add.js', 'module.exports = (a, b) => a - b\n'), check, { text: 'Wrote add.' }, write('src/add.js', 'module.exports = (a, b) => a + b\n'), { text: 'Fixed: it subtracted.' })
    const [r] = (await kernel.call('spec.run', { id: 'add' })) as Array<{ outcome: string; iterations: number; branch: string; worktree: string; commits: string[]; criteria: { done: number; total: number }; validation: Array<{ code: number }> }>
    expect(r).toMatchObject({ outcome: 'done', iterations: 2, criteria: { done: 1, total: 1 }, validation: [{ code: 0 }] })
    expect(r!.commits).toHaveLength(2)
    // The second request carried the failure back.
    expect(JSON.stringify(fake.messageRequests()[3]?.body)).toContain('2 + 3 is not 5')
    expect(readFileSync(join(dir, r!.worktree, 'src/add.js'), 'utf8')).toBe('module.exports = (a, b) => a + b\n')
    expect(git('log', '--format=%s', r!.branch).trim().split('\n').slice(0, 2)).toEqual(['spec add: iteration 2', 'spec add: iteration 1'])
    expect(existsSync(join(dir, 'src/add.js'))).toBe(false)
    expect(git('status', '--porcelain').trim()).toBe('M specs/add.md')
    expect(readFileSync(join(dir, 'specs/add.md'), 'utf8')).toMatch(/status: done\n/)
    expect(await kernel.call('spec.list', {})).toMatchObject([{ id: 'add', status: 'done' }])
  })

  it('stops at the iteration limit with the spec blocked, and names what failed', async () => {
    const kernel = await start({ add: SPEC })
    fake.enqueue({ text: 'I did nothing.' }, { text: 'Still nothing.' })
    const [r] = (await kernel.call('spec.run', { id: 'add', maxIterations: 2 })) as Array<{ outcome: string; iterations: number; commits: string[]; validation: Array<{ code: number; tail: string }> }>
    expect(r).toMatchObject({ outcome: 'blocked', iterations: 2, commits: [] })
    expect(r!.validation[0]?.code).not.toBe(0)
    expect(readFileSync(join(dir, 'specs/add.md'), 'utf8')).toMatch(/status: blocked\n/)
  })

  it('a spec left blocked continues in its last worktree, with what was fixed there by hand; --fresh starts over from HEAD', async () => {
    const kernel = await start({ add: SPEC })
    type Run = { outcome: string; iterations: number; continued?: number; branch: string; worktree: string; commits: string[]; inputTokens: number }
    fake.enqueue(write('src/add.js', 'module.exports = (a, b) => a - b\n'), { text: 'Wrote add (wrongly).' })
    const [first] = (await kernel.call('spec.run', { id: 'add', maxIterations: 1 })) as Run[]
    expect(first).toMatchObject({ outcome: 'blocked', iterations: 1 })
    // The user fixes the code in the worktree by hand; Claude only has to check the box.
    writeFileSync(join(dir, first!.worktree, 'src/add.js'), 'module.exports = (a, b) => a + b\n')
    fake.enqueue(check, { text: 'Checked the criterion.' })
    const text = (await kernel.call('spec.run', { id: 'add', format: 'text' })) as string
    expect(text).toMatch(/^add: done after 2 iterations \(1 in this run, continuing the last attempt\) on branch /)
    expect(git('log', '--format=%s', first!.branch).trim().split('\n').slice(0, 3)).toEqual(['spec add: iteration 2', 'spec add: changes made by hand in the worktree', 'spec add: iteration 1'])
    // The continued attempt told Claude where the last one stopped.
    expect(JSON.stringify(fake.messageRequests()[2]?.body)).toContain('continues an attempt that was left blocked')
    expect(git('branch', '--list', 'mmm/spec-add-*').trim().split('\n')).toHaveLength(1)

    // Blocked again, then --fresh: a new branch from HEAD, none of the old attempt's commits.
    writeFileSync(join(dir, 'specs/add.md'), SPEC)
    fake.enqueue({ text: 'Nothing.' })
    await kernel.call('spec.run', { id: 'add', maxIterations: 1 })
    fake.enqueue({ text: 'Nothing again.' })
    const [fresh] = (await kernel.call('spec.run', { id: 'add', maxIterations: 1, fresh: true })) as Run[]
    expect(fresh).toMatchObject({ outcome: 'blocked', iterations: 1, commits: [] })
    expect(fresh!.continued).toBeUndefined()
    expect(fresh!.branch).not.toBe(first!.branch)
    expect(existsSync(join(dir, fresh!.worktree, 'src/add.js'))).toBe(false)
  })

  it('as text (the CLI without --json): a done spec with how to take it; a blocked one is an error that keeps the summary', async () => {
    const kernel = await start({ add: SPEC })
    fake.enqueue(write('src/add.js', 'module.exports = (a, b) => a + b\n'), check, { text: 'Done.' })
    const text = (await kernel.call('spec.run', { id: 'add', format: 'text' })) as string
    expect(text).toMatch(/^add: done after 1 iteration on branch (mmm\/spec-add-\d{14}-[a-z0-9]{4}) \(criteria 1\/1, \d+ tokens/)
    expect(text).toContain('  passed  $ node -e')
    expect(text).toMatch(/  take it: git merge mmm\/spec-add-\d{14}-[a-z0-9]{4}$/)
    writeFileSync(join(dir, 'specs/add.md'), SPEC)
    fake.enqueue({ text: 'I did nothing.' })
    const failed = await kernel.call('spec.run', { id: 'add', maxIterations: 1, format: 'text' }).then(() => undefined, (e: { code: string; message: string }) => e)
    expect(failed?.code).toBe('MMM_SPEC_BLOCKED')
    expect(failed?.message).toMatch(/^add: blocked after 1 iteration/)
    // In a fresh worktree src/add.js does not exist: the validation fails, and its last output lines are shown.
    expect(failed?.message).toMatch(/\n  failed  \$ node -e .*\(exit 1\)\n(          \| .*\n)+/)
    expect(failed?.message).toMatch(/add is blocked: its worktree \S+ keeps the last attempt/)
    // The second run, in the same second as the first, got a branch of its own; the spec says blocked, not in-progress.
    expect(git('branch', '--list', 'mmm/spec-add-*').trim().split('\n')).toHaveLength(2)
    expect(readFileSync(join(dir, 'specs/add.md'), 'utf8')).toMatch(/status: blocked\n/)
    expect(await kernel.call('spec.run', { format: 'text' })).toMatch(/^No spec was ready to run/)
  })

  it('without Claude configured, fails before a worktree is made or the spec marked in-progress', async () => {
    const kernel = await start({ add: SPEC }, { noKey: true })
    await expect(kernel.call('spec.run', { id: 'add' })).rejects.toMatchObject({ code: 'MMM_NOT_CONFIGURED' })
    expect(git('branch', '--list', 'mmm/*').trim()).toBe('')
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1)
    expect(readFileSync(join(dir, 'specs/add.md'), 'utf8')).toBe(SPEC)
  })

  it('works on a spec that is not committed yet', async () => {
    const kernel = await start({})
    writeFileSync(join(dir, 'specs/add.md'), SPEC)
    fake.enqueue(write('src/add.js', 'module.exports = (a, b) => a + b\n'), check, { text: 'Done.' })
    expect(await kernel.call('spec.run', {})).toMatchObject([{ id: 'add', outcome: 'done', iterations: 1 }])
  })

  it('a spec whose dependency is not done waits', async () => {
    const kernel = await start({ add: SPEC.replace('status: ready\n', 'status: ready\ndependencies: [base]\n'), base: '---\nid: base\nstatus: ready\n---\n# Base\n' })
    await expect(kernel.call('spec.run', { id: 'add' })).rejects.toMatchObject({ code: 'MMM_SPEC_WAITING', message: expect.stringMatching(/waits for base/) })
  })
})
