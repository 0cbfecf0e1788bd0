// --provider claude-code: the loop drives the `claude` CLI (a fake executable here, speaking stream-json) —
// for the review in the project, and for the edit in the session's worktree, where the CLI changes the files
// itself; mmm still measures the result and decides.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { startFakeClaude, type FakeClaudeServer, type TestKernel } from '@mmm/kernel/testing'
import { git, JS_FILES, makeRepo, snapshot } from './fixtureRepo.ts'
import { loopKernel } from './loopHarness.ts'

const tools = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-loop-cc-')))
let api: FakeClaudeServer
let k: TestKernel | undefined
let dir = ''

// Reviews: 5 with one issue until the change is in the prompt's diff, then 9. Edits: replaces the var in cwd.
const CLI = `#!${process.execPath}
const fs = require('node:fs')
const prompt = fs.readFileSync(0, 'utf8')
fs.appendFileSync(${JSON.stringify(join(tools, 'calls.log'))}, JSON.stringify({ cwd: process.cwd(), review: prompt.includes('Review the project now.') }) + '\\n')
let text
if (prompt.includes('Review the project now.')) {
  const fixed = prompt.includes('+  const sum = a + b')
  text = JSON.stringify(fixed ? { score: 9, summary: 'clean', issues: [] } : { score: 5, summary: 'a var', issues: [{ severity: 'high', title: 'var in add', file: 'src/add.js', line: 2 }] })
} else {
  const f = 'src/add.js'
  fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('var sum', 'const sum'))
  text = 'Replaced var with const in src/add.js.'
}
const usage = { input_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 20 }
const out = [
  { type: 'system', subtype: 'init', cwd: process.cwd(), session_id: 's', tools: [], mcp_servers: [], model: 'fake-cc', permissionMode: 'acceptEdits', apiKeySource: 'none' },
  { type: 'assistant', message: { id: 'm', type: 'message', role: 'assistant', model: 'fake-cc', content: [{ type: 'text', text }], stop_reason: null, usage }, parent_tool_use_id: null, session_id: 's' },
  { type: 'result', subtype: 'success', is_error: false, duration_ms: 5, duration_api_ms: 5, num_turns: 1, result: text, session_id: 's', total_cost_usd: 0.001, usage },
]
process.stdout.write(out.map((l) => JSON.stringify(l)).join('\\n') + '\\n')
`

beforeAll(async () => {
  mkdirSync(join(tools, 'bin'))
  writeFileSync(join(tools, 'bin/claude'), CLI)
  chmodSync(join(tools, 'bin/claude'), 0o755)
  api = await startFakeClaude({ apiKey: 'sk-ant-test-loop' })
})
afterAll(async () => {
  await api?.close()
  rmSync(tools, { recursive: true, force: true })
})
afterEach(async () => {
  await k?.close()
  k = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('--provider claude-code reviews with the CLI and lets it edit the worktree; the API is never called', async () => {
  dir = makeRepo(JS_FILES)
  const before = snapshot(dir)
  k = await loopKernel(dir, { fakeUrl: api.url, home: tools, path: `${join(tools, 'bin')}:${process.env.PATH ?? ''}` })
  const s = (await k.call('loop.improve', { provider: 'claude-code' })) as { status: string; stop: { code: string }; worktree: string; branch: string; iterations: Array<{ status: string; summary: string }>; usage: { costUsd: number } }
  expect(s).toMatchObject({ status: 'finished', stop: { code: 'target' } })
  expect(s.iterations).toMatchObject([{ status: 'accepted', summary: 'Replaced var with const in src/add.js.' }])
  expect(readFileSync(join(dir, s.worktree, 'src/add.js'), 'utf8')).toContain('const sum = a + b')
  expect(git(dir, 'rev-list', '--count', `main..${s.branch}`).trim()).toBe('1')
  const calls = readFileSync(join(tools, 'calls.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { cwd: string; review: boolean })
  // The edit ran in the session's worktree, never in the user's tree.
  expect(calls.filter((c) => !c.review).map((c) => c.cwd)).toEqual([join(dir, s.worktree)])
  expect(calls.filter((c) => c.review)).toHaveLength(2)
  expect(api.messageRequests()).toHaveLength(0)
  expect(s.usage.costUsd).toBeGreaterThan(0)
  expect(snapshot(dir)).toEqual(before)
})
