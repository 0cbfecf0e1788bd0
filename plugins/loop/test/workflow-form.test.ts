// The improvement loop as a workflow: `mmm loop start --workflow code-quality-improvement` runs the shipped
// template (presets/workflows/workflows) through the real workflow plugin — loop.prepare, one loop.iterate per
// iteration, loop.finish — on a real fixture repository, with the real SDK against the fake Messages API. A
// project copy of the workflow wins over the shipped one; the workflow plugin's dry run creates no session.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { TestKernel } from '@mmm/kernel/testing'
import { git, JS_FILES, makeRepo, snapshot } from './fixtureRepo.ts'
import { addSubTest, ANALYZER, fixVar, LOOP, loopFile, loopKernel, NO_TEST, review, VAR, WORKFLOW } from './loopHarness.ts'

const shipped = fileURLToPath(new URL('../../../presets/workflows/workflows', import.meta.url))
// Where an installed @mmm/preset-workflows keeps its workflows (the include option names a directory inside the project).
const INCLUDE = 'node_modules/@mmm/preset-workflows/workflows'
let k: TestKernel | undefined
let dir = ''
const file = loopFile(() => ({ k, dir }), () => { k = undefined; dir = '' })
const { home } = file

async function start(): Promise<TestKernel> {
  dir = makeRepo(JS_FILES)
  cpSync(shipped, join(dir, INCLUDE), { recursive: true })
  k = await loopKernel(dir, { fakeUrl: file.fake.url, home, plugins: [ANALYZER, [WORKFLOW, { include: [INCLUDE] }] as never, LOOP] })
  return k
}


type RunSummary = { id: string; workflow: string; status: string; error?: { code: string; message: string }; steps: Record<string, string> }
type RunRecord = { id: string; file: string; params: Record<string, unknown>; status: string; steps: Record<string, { status: string; outputs?: Record<string, unknown> }> }
interface S { id: string; status: string; branch: string; worktree: string; settings: { maxIterations: number; target: number; focus?: string }; stop: { code: string }; iterations: Array<{ n: number; status: string; commit?: string }> }

describe('the improvement loop as a workflow (code-quality-improvement)', () => {
  it('mmm loop start --workflow runs prepare, the iterations and finish; a commit lands on the session\'s branch and the user\'s tree is untouched', async () => {
    const kernel = await start()
    const before = snapshot(dir)
    // Baseline review; iteration 1 fixes both issues and the review after it reaches the target: iteration 2 is skipped.
    file.fake.enqueue(review(5, [VAR, NO_TEST]), fixVar, addSubTest, { text: 'Replaced var with const in add; added a test for sub.' }, review(9, []))
    const r = (await kernel.call('loop.start', { workflow: 'code-quality-improvement', maxIterations: 2, focus: 'tests' })) as RunSummary
    expect(r).toMatchObject({ workflow: 'code-quality-improvement', status: 'succeeded' })
    expect(r.steps).toEqual({ 'prepare/prepare': 'succeeded', 'improve[0]/iterate': 'succeeded', 'improve[1]/iterate': 'skipped', 'finish/finish': 'succeeded' })
    // The run's outputs carry the session; the parameters are the loop's settings with the template's defaults.
    const run = (await kernel.call('workflow.status', { run: r.id })) as RunRecord
    expect(run.file).toBe(`${INCLUDE}/code-quality-improvement.yaml`)
    expect(run.params).toEqual({ target: 8, maxIterations: 2, focus: 'tests' })
    const prepared = run.steps['prepare/prepare']!.outputs as { id: string; done: boolean; branch: string; baseline: number }
    expect(prepared).toMatchObject({ id: expect.stringMatching(/^improve-/), done: false, status: 'stopped', stop: { code: 'paused' }, iterations: 0, target: 8 })
    expect(run.steps['improve[0]/iterate']!.outputs).toMatchObject({ id: prepared.id, done: true, status: 'finished', stop: { code: 'target' }, iterations: 1 })
    expect(run.steps['finish/finish']!.outputs).toMatchObject({ status: 'finished', branch: prepared.branch, baseline: prepared.baseline, score: expect.any(Number) })
    expect((run.steps['finish/finish']!.outputs as { score: number }).score).toBeGreaterThanOrEqual(8)
    // No request past the scripted ones: the skipped iteration asked Claude nothing.
    expect(file.fake.messageRequests()).toHaveLength(5)
    // The session: finished at the target, one accepted commit on its branch.
    const s = (await kernel.call('loop.show', { id: prepared.id, diffs: false })) as S
    expect(s).toMatchObject({ status: 'finished', stop: { code: 'target' }, settings: { maxIterations: 2, target: 8, focus: 'tests' } })
    expect(s.iterations).toMatchObject([{ n: 1, status: 'accepted', commit: expect.any(String) }])
    expect(git(dir, 'log', '--format=%H %s', `main..${s.branch}`).trim()).toBe(`${s.iterations[0]!.commit} mmm improve: var in add (+1 more)`)
    expect(readFileSync(join(dir, s.worktree, 'src/add.js'), 'utf8')).toContain('const sum = a + b')
    expect(await kernel.call('loop.sessions', {})).toMatchObject([{ id: prepared.id, status: 'finished', iterations: '1/1 accepted', branch: s.branch }])
    expect(snapshot(dir)).toEqual(before)
  })

  it('a copy in .mmm/workflows/ wins over the shipped template: its default maxIterations 1 runs one iteration', async () => {
    const kernel = await start()
    const ours = readFileSync(join(shipped, 'code-quality-improvement.yaml'), 'utf8').replace(/maxIterations: \{ type: integer, default: 5,/, 'maxIterations: { type: integer, default: 1,')
    expect(ours).toContain('default: 1,')
    mkdirSync(join(dir, '.mmm/workflows'), { recursive: true })
    writeFileSync(join(dir, '.mmm/workflows/code-quality-improvement.yaml'), ours)
    const before = snapshot(dir)
    // Iteration 1 fixes the lint error; the review still finds an issue, so no stop rule fires before finish.
    file.fake.enqueue(review(5, [VAR, NO_TEST]), fixVar, { text: 'Replaced var with const in add.' }, review(6, [NO_TEST]))
    const r = (await kernel.call('loop.start', { workflow: 'code-quality-improvement' })) as RunSummary
    expect(r.status).toBe('succeeded')
    expect(r.steps).toEqual({ 'prepare/prepare': 'succeeded', 'improve[0]/iterate': 'succeeded', 'finish/finish': 'succeeded' })
    const run = (await kernel.call('workflow.status', { run: r.id })) as RunRecord
    expect(run.file).toBe('.mmm/workflows/code-quality-improvement.yaml')
    expect(run.params).toEqual({ target: 8, maxIterations: 1 })
    const id = (run.steps['prepare/prepare']!.outputs as { id: string }).id
    // The one iteration used up maxIterations: the session ended there, and loop.finish returned its summary.
    expect(run.steps['improve[0]/iterate']!.outputs).toMatchObject({ id, done: true, status: 'finished', stop: { code: 'max-iterations' }, iterations: 1 })
    expect(run.steps['finish/finish']!.outputs).toMatchObject({ status: 'finished', stop: '1 iteration done (--max-iterations)' })
    const s = (await kernel.call('loop.show', { id, diffs: false })) as S
    expect(s).toMatchObject({ status: 'finished', stop: { code: 'max-iterations' }, settings: { maxIterations: 1 } })
    expect(s.iterations).toMatchObject([{ n: 1, status: 'accepted' }])
    expect(git(dir, 'rev-list', '--count', `main..${s.branch}`).trim()).toBe('1')
    expect(await kernel.call('loop.sessions', {})).toMatchObject([{ id, status: 'finished' }])
    expect(snapshot(dir)).toEqual(before)
  })

  it('a copy that runs fewer iterations than maxIterations: loop.finish ends the paused session', async () => {
    const kernel = await start()
    const ours = readFileSync(join(shipped, 'code-quality-improvement.yaml'), 'utf8').replace('for_each: ${{ range(parameters.maxIterations) }}', 'for_each: ${{ range(1) }}')
    expect(ours).toContain('range(1)')
    mkdirSync(join(dir, '.mmm/workflows'), { recursive: true })
    writeFileSync(join(dir, '.mmm/workflows/code-quality-improvement.yaml'), ours)
    file.fake.enqueue(review(5, [VAR, NO_TEST]), fixVar, { text: 'Replaced var with const in add.' }, review(6, [NO_TEST]))
    const r = (await kernel.call('loop.start', { workflow: 'code-quality-improvement', maxIterations: 3 })) as RunSummary
    expect(r.steps).toEqual({ 'prepare/prepare': 'succeeded', 'improve[0]/iterate': 'succeeded', 'finish/finish': 'succeeded' })
    const run = (await kernel.call('workflow.status', { run: r.id })) as RunRecord
    const id = (run.steps['prepare/prepare']!.outputs as { id: string }).id
    expect(run.steps['improve[0]/iterate']!.outputs).toMatchObject({ id, done: false, status: 'stopped', stop: { code: 'paused' }, iterations: 1 })
    expect(run.steps['finish/finish']!.outputs).toMatchObject({ status: 'finished', stop: 'the workflow ran 1 iteration' })
    expect(await kernel.call('loop.sessions', {})).toMatchObject([{ id, status: 'finished', iterations: '1/1 accepted' }])
  })

  it('workflow.run --dry-run prints the plan and creates no session', async () => {
    const kernel = await start()
    const before = snapshot(dir)
    const r = (await kernel.call('workflow.run', { name: 'code-quality-improvement', param: ['maxIterations=3', 'focus=tests'], dryRun: true })) as { dryRun: boolean; params: Record<string, unknown>; text: string }
    expect(r).toMatchObject({ dryRun: true, params: { target: 8, maxIterations: 3, focus: 'tests' } })
    expect(r.text).toMatch(/^Workflow code-quality-improvement: 3 steps in 3 stages \(dry run: nothing executed\)/)
    expect(r.text).toMatch(/stage prepare\n {2}1\. prepare\n {7}→ loop\.prepare /)
    expect(r.text).toMatch(/stage improve for each of \$\{\{ range\(parameters\.maxIterations\) \}\}\n {2}2\. iterate {2}\[if /)
    expect(r.text).toMatch(/stage finish\n {2}3\. finish\n {7}→ loop\.finish /)
    expect(await kernel.call('loop.sessions', {})).toEqual([])
    expect(await kernel.call('workflow.history', {})).toEqual([])
    expect(file.fake.messageRequests()).toHaveLength(0)
    expect(git(dir, 'branch', '--list', 'mmm/*').trim()).toBe('')
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1)
    expect(snapshot(dir)).toEqual(before)
  })
})
