// What the loop's tests share: the plugins' directories and grants, a kernel on a fixture repository pointed
// at the fake Messages API, and the scripted answers (a review is a JSON text; an edit is a tool call).
import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createTestKernel, startFakeClaude, type FakeClaudeServer, type FakeReply, type TestKernel } from '@mmm/kernel/testing'
import { gitEnv } from './fixtureRepo.ts'

export const LOOP = fileURLToPath(new URL('..', import.meta.url))
export const ANALYZER = fileURLToPath(new URL('../../analyzer', import.meta.url))
export const WORKFLOW = fileURLToPath(new URL('../../workflow', import.meta.url))
export const GRANTS = {
  analyzer: { fs: { read: ['**'] }, exec: ['git'] },
  loop: { fs: { read: ['**'], write: ['.mmm/worktrees/**'] }, exec: ['git', 'sh'], claude: true, tools: ['analyzer.analyze', 'analyzer.context', 'workflow.run'] },
  workflow: { fs: { read: ['**'] }, exec: ['sh'], tools: ['*'], claude: true },
}
export const API_KEY = 'sk-ant-test-loop'

export interface LoopKernelOptions {
  fakeUrl: string
  /** HOME for the kernel and the commands it runs (npm writes its logs there): never the repository. */
  home: string
  /** The API key in the environment ('' for none). */
  key?: string
  plugins?: Parameters<typeof createTestKernel>[0] extends infer O ? O extends { plugins?: infer P } ? P : never : never
  path?: string
}

export function loopKernel(cwd: string, o: LoopKernelOptions): Promise<TestKernel> {
  const key = o.key ?? API_KEY
  return createTestKernel({
    cwd,
    plugins: o.plugins ?? [ANALYZER, LOOP],
    grants: GRANTS,
    env: { PATH: o.path ?? process.env.PATH ?? '', HOME: o.home, ...(key ? { ANTHROPIC_API_KEY: key } : {}), ...gitEnv },
    config: { claude: { provider: 'api', baseURL: o.fakeUrl, model: 'fake-model', maxRetries: 0 } },
  })
}

export interface LoopFile {
  /** The file's fake Messages API (started before its tests). */
  readonly fake: FakeClaudeServer
  /** HOME for its kernels: outside every repository (npm writes its logs there). */
  readonly home: string
}

/**
 * What every loop test file sets up the same way: one fake Messages API for the file, a HOME outside the
 * repositories, and after each test its kernel closed, its repository removed and the fake's script reset.
 * `current` gives the test's kernel and repository; `cleared` forgets them.
 */
export function loopFile(current: () => { k?: TestKernel | undefined; dir?: string }, cleared: () => void): LoopFile {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-loop-home-')))
  let fake: FakeClaudeServer | undefined
  beforeAll(async () => {
    fake = await startFakeClaude({ apiKey: API_KEY })
  })
  afterAll(async () => {
    await fake?.close()
    rmSync(home, { recursive: true, force: true })
  })
  afterEach(async () => {
    const { k, dir } = current()
    await k?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
    cleared()
    fake?.reset()
  })
  return {
    get fake() {
      if (!fake) throw new Error('the fake Messages API starts in beforeAll')
      return fake
    },
    home,
  }
}

export const review = (score: number, issues: Array<Record<string, unknown>>): FakeReply => ({ text: JSON.stringify({ score, summary: `score ${score}`, parts: [{ name: 'correctness', score }], issues }) })
export const tools = (...uses: Array<[string, Record<string, unknown>]>): FakeReply => ({ toolUse: uses.map(([name, input]) => ({ name, input })) })
export const VAR = { severity: 'high', title: 'var in add', file: 'src/add.js', line: 2, description: 'lint fails: no-var' }
export const NO_TEST = { severity: 'medium', title: 'sub has no test', file: 'src/sub.js' }
export const fixVar = tools(['str_replace', { path: 'src/add.js', old_str: '  var sum = a + b', new_str: '  const sum = a + b' }])
export const addSubTest = tools(['create_file', { path: 'test/sub.test.js', file_text: "const test = require('node:test')\nconst assert = require('node:assert')\nconst sub = require('../src/sub.js')\n\ntest('subtracts', () => assert.strictEqual(sub(5, 3), 2))\n" }])
export const done: FakeReply = { text: 'Replaced var with const.' }

/** The error a promise rejects with (fails the test when it resolves). */
export const errorOf = async (p: Promise<unknown>): Promise<Error & { code?: string }> => p.then(() => { throw new Error('expected a failure') }, (e: Error & { code?: string }) => e)
