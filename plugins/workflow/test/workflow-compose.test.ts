// Composition and people: templates (extends, abstract), common steps (use:), checkpoints answered at a
// prompt or with `workflow.approve` while the run waits, and on_success / on_failure actions.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { project, type Project, type RunRecord, type RunSummary } from './helpers.ts'

let p: Project | undefined
afterEach(async () => {
  await p?.close()
  p = undefined
})

const BASE = `
name: base
abstract: true
parameters:
  target: { type: string, default: staging }
env:
  WHO: base
common:
  announce:
    run: echo "$WHO \${{ parameters.target }}" >> log.txt
stages:
  - name: build
    steps:
      - use: announce
      - name: compile
        run: echo compile >> log.txt
  - name: ship
    steps:
      - name: deploy
        run: echo "deploy \${{ parameters.target }}" >> log.txt
`

describe('templates and common steps', () => {
  it('extends a template: stages replaced by name or added, env and parameters merged; a template is not run', async () => {
    p = await project({
      '.mmm/workflows/base.yaml': BASE,
      '.mmm/workflows/app.yaml': `
name: app
extends: base
env:
  WHO: app
stages:
  - name: ship
    steps:
      - use: announce
        name: announce-ship
      - name: deploy-app
        run: echo "app deploy \${{ parameters.target }}" >> log.txt
  - name: verify
    steps:
      - run: echo verify >> log.txt
`,
    })
    expect((await p.kernel.call('workflow.run', { name: 'app', param: ['target=prod'] })) as RunSummary).toMatchObject({ status: 'succeeded' })
    expect(readFileSync(join(p.dir, 'log.txt'), 'utf8')).toBe('app prod\ncompile\napp prod\napp deploy prod\nverify\n')
    await expect(p.kernel.call('workflow.run', { name: 'base' })).rejects.toMatchObject({ code: 'MMM_WORKFLOW_INVALID', message: expect.stringMatching(/template \(abstract: true\)/) })
    expect(await p.kernel.call('workflow.validate', { file: 'app' })).toMatchObject({ valid: true, stages: 3, steps: 5 })
  })

  it('reports extends cycles and a use: of a missing common step', async () => {
    p = await project({
      '.mmm/workflows/a.yaml': 'name: a\nextends: b\nstages:\n  - name: x\n    steps: [{ run: "true" }]\n',
      '.mmm/workflows/b.yaml': 'name: b\nextends: a\nstages:\n  - name: x\n    steps: [{ run: "true" }]\n',
      '.mmm/workflows/c.yaml': 'name: c\nstages:\n  - name: x\n    steps:\n      - use: nothing\n',
    })
    await expect(p.kernel.call('workflow.run', { name: 'a' })).rejects.toMatchObject({ message: expect.stringMatching(/circle or too deep/) })
    await expect(p.kernel.call('workflow.run', { name: 'c' })).rejects.toMatchObject({ code: 'MMM_WORKFLOW_INVALID', message: expect.stringMatching(/c\.yaml:5:\d+: stages\.0\.steps\.0\.use: use: names a step under common: \(there is none\)/) })
  })
})

const GATED = `
name: gated
stages:
  - name: a
    steps:
      - run: echo before >> log.txt
      - name: review
        type: checkpoint
        message: Ship \${{ 1 + 1 }} changes?
      - name: after
        run: echo "after \${{ outputs.review.decision }} [\${{ outputs.review.changes }}]" >> log.txt
`

describe('checkpoints', () => {
  it('with nobody to ask, the run waits; workflow.approve answers and the run goes on', async () => {
    p = await project({ '.mmm/workflows/gated.yaml': GATED })
    const r = (await p.kernel.call('workflow.run', { name: 'gated' })) as RunSummary
    expect(r).toMatchObject({ status: 'waiting', error: { code: 'MMM_WORKFLOW_WAITING', message: expect.stringMatching(/Ship 2 changes\?.*mmm workflow approve/) }, steps: { 'a/review': 'waiting' } })
    await expect(p.kernel.call('workflow.approve', { run: r.id, step: 'after' })).rejects.toMatchObject({ code: 'MMM_WORKFLOW_NOT_WAITING', message: expect.stringMatching(/waits at a\/review/) })
    const done = (await p.kernel.call('workflow.approve', { run: r.id, step: 'review', decision: 'changes', changes: 'bump the version' })) as RunSummary
    expect(done.status).toBe('succeeded')
    expect(readFileSync(join(p.dir, 'log.txt'), 'utf8')).toBe('before\nafter changes [bump the version]\n')
  })

  it('answered at the prompt; a rejection fails the step', async () => {
    p = await project({ '.mmm/workflows/gated.yaml': GATED }, { answers: ['approve', 'reject'] })
    expect((await p.kernel.call('workflow.run', { name: 'gated' })) as RunSummary).toMatchObject({ status: 'succeeded' })
    const rejected = (await p.kernel.call('workflow.run', { name: 'gated' })) as RunSummary
    expect(rejected).toMatchObject({ status: 'failed', error: { code: 'MMM_WORKFLOW_REJECTED' } })
    expect(readFileSync(join(p.dir, 'log.txt'), 'utf8')).toBe('before\nafter approve []\nbefore\n')
  })
})

describe('on_success and on_failure', () => {
  it('logs and starts another workflow, at most 3 runs deep', async () => {
    p = await project({
      '.mmm/workflows/main.yaml': `
name: main
parameters:
  fail: { type: boolean, default: false }
stages:
  - name: a
    steps:
      - run: test "\${{ parameters.fail }}" = false
on_success:
  - log: main \${{ run.status }}
  - trigger: notify
    params: { what: '\${{ run.workflow }} ok' }
on_failure:
  - trigger: notify
    params: { what: failed }
`,
      '.mmm/workflows/notify.yaml': `
name: notify
parameters:
  what: { type: string, required: true }
stages:
  - name: n
    steps:
      - run: echo "\${{ parameters.what }}" >> notes.txt
`,
      '.mmm/workflows/loop.yaml': 'name: loop\nstages:\n  - name: a\n    steps:\n      - run: echo x >> loop.txt\non_success:\n  - trigger: loop\n',
    })
    expect((await p.kernel.call('workflow.run', { name: 'main' })) as RunSummary).toMatchObject({ status: 'succeeded' })
    expect((await p.kernel.call('workflow.run', { name: 'main', param: ['fail=true'] })) as RunSummary).toMatchObject({ status: 'failed' })
    expect(readFileSync(join(p.dir, 'notes.txt'), 'utf8')).toBe('main ok\nfailed\n')
    expect(p.kernel.logs.some((l) => l.plugin === 'workflow' && l.message === 'main succeeded')).toBe(true)
    await p.kernel.call('workflow.run', { name: 'loop' })
    expect(readFileSync(join(p.dir, 'loop.txt'), 'utf8')).toBe('x\nx\nx\nx\n')
    expect(p.kernel.logs.some((l) => /limited to 3 deep/.test(l.message))).toBe(true)
    expect(existsSync(join(p.dir, 'never'))).toBe(false)
  })
})
