// Runs survive: a failed run resumes after the fix without re-running finished steps, a cancelled run stops
// before its next step, a run killed with SIGKILL at any moment resumes and finishes with every finished step
// kept, and two processes never execute one run at once.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { grants, helloPlugin, project, workflowPlugin, type Project, type RunRecord, type RunSummary } from './helpers.ts'

const cli = fileURLToPath(new URL('../../../kernel/src/cli/main.ts', import.meta.url))
let p: Project | undefined
afterEach(async () => {
  await p?.close()
  p = undefined
})

const counted = (name: string) => `
      - name: ${name}
        run: echo ${name} >> ran.log`
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [])

describe('durable runs', () => {
  it('resumes a failed run after the fix: finished steps are kept, not run again', async () => {
    p = await project({
      '.mmm/workflows/fix.yaml': `
name: fix
stages:
  - name: a
    steps:${counted('one')}${counted('two')}
      - name: needs-fix
        run: test -f fixed && echo needs-fix >> ran.log
${'      '}${counted('three').trimStart()}
`,
    })
    const first = (await p.kernel.call('workflow.run', { name: 'fix' })) as RunSummary
    expect(first.status).toBe('failed')
    expect(lines(join(p.dir, 'ran.log'))).toEqual(['one', 'two'])
    p.write('fixed', '')
    const resumed = (await p.kernel.call('workflow.resume', { run: first.id })) as RunSummary
    expect(resumed).toMatchObject({ id: first.id, status: 'succeeded' })
    expect(lines(join(p.dir, 'ran.log'))).toEqual(['one', 'two', 'needs-fix', 'three'])
    const rec = (await p.kernel.call('workflow.status', { run: first.id })) as RunRecord & { resumes: number }
    expect(rec.resumes).toBe(1)
    expect(rec.steps['a/needs-fix']?.attempts).toBe(2)
    expect(rec.steps['a/one']?.attempts).toBe(1)
    await expect(p.kernel.call('workflow.resume', { run: 'nope' })).rejects.toMatchObject({ code: 'MMM_WORKFLOW_RUN_NOT_FOUND' })
  })

  it('cancel stops a run before its next step; resume finishes it', async () => {
    p = await project({
      '.mmm/workflows/long.yaml': `
name: long
stages:
  - name: a
    steps:
      - name: wait
        run: while [ ! -f go ]; do sleep 0.05; done; echo wait >> ran.log${counted('after')}
`,
    })
    const running = p.kernel.call('workflow.run', { name: 'long' }) as Promise<RunSummary>
    let id: string | undefined
    for (let i = 0; i < 200 && !id; i++) {
      await new Promise((r) => setTimeout(r, 25))
      id = ((await p.kernel.call('workflow.history', {})) as RunSummary[])[0]?.id
    }
    expect(id).toBeDefined()
    expect(await p.kernel.call('workflow.cancel', { run: id })).toMatchObject({ status: 'running' })
    await new Promise((r) => setTimeout(r, 300)) // a running engine looks for a cancel at most every 200 ms
    p.write('go', '')
    expect(await running).toMatchObject({ status: 'cancelled', error: { code: 'MMM_CANCELLED' } })
    expect(lines(join(p.dir, 'ran.log'))).toEqual(['wait'])
    expect(await p.kernel.call('workflow.resume', { run: id })).toMatchObject({ status: 'succeeded' })
    expect(lines(join(p.dir, 'ran.log'))).toEqual(['wait', 'after'])
  })

  it('a run killed with SIGKILL at random moments resumes to the end; no finished step runs twice', async () => {
    const steps = Array.from({ length: 12 }, (_, i) => `
      - name: s${i}
        run: sleep 0.1; echo s${i} >> ran.log`).join('')
    p = await project({ '.mmm/workflows/many.yaml': `name: many\nstages:\n  - name: a\n    steps:${steps}\n` })
    writeFileSync(join(p.dir, 'mmm.config.json'), JSON.stringify({ plugins: [workflowPlugin, helloPlugin], grants }))
    const mmm = (args: string[]) => spawn(process.execPath, [cli, ...args, '--json'], { cwd: p!.dir, stdio: ['ignore', 'pipe', 'pipe'] })
    const child = mmm(['workflow', 'run', 'many'])
    // Killed somewhere in the middle: after the first steps ran (random within that window).
    for (let i = 0; i < 400 && lines(join(p.dir, 'ran.log')).length < 2; i++) await new Promise((r) => setTimeout(r, 25))
    await new Promise((r) => setTimeout(r, Math.random() * 500))
    child.kill('SIGKILL')
    await new Promise((r) => child.on('exit', r))
    const before = lines(join(p.dir, 'ran.log'))
    const history = JSON.parse(spawnSync(process.execPath, [cli, 'workflow', 'history', '--json'], { cwd: p.dir, encoding: 'utf8' }).stdout) as RunSummary[]
    const id = history[0]!.id
    // The killed process's lease lapses within seconds; resume waits for it.
    const r = spawnSync(process.execPath, [cli, 'workflow', 'resume', id, '--json'], { cwd: p.dir, encoding: 'utf8', timeout: 60_000 })
    expect(JSON.parse(r.stdout)).toMatchObject({ id, status: 'succeeded' })
    const after = lines(join(p.dir, 'ran.log'))
    expect(after.slice(0, before.length)).toEqual(before)
    // Each step ran once, except at most the one that was running when the process died.
    const counts = new Map<string, number>()
    for (const s of after) counts.set(s, (counts.get(s) ?? 0) + 1)
    expect([...counts.keys()].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `s${i}`).sort())
    expect([...counts.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(1)
  }, 120_000)

  it('two resumes of one run at once: one runs it, the other waits and finds it done', async () => {
    p = await project({
      '.mmm/workflows/one.yaml': `name: one\nstages:\n  - name: a\n    steps:\n      - run: test -f ok && sleep 0.5 && echo x >> ran.log\n`,
    })
    const first = (await p.kernel.call('workflow.run', { name: 'one' })) as RunSummary
    p.write('ok', '')
    const both = await Promise.allSettled([p.kernel.call('workflow.resume', { run: first.id }), p.kernel.call('workflow.resume', { run: first.id })])
    expect(both).toMatchObject([{ status: 'fulfilled', value: { status: 'succeeded' } }, { status: 'fulfilled', value: { status: 'succeeded' } }])
    expect(lines(join(p.dir, 'ran.log'))).toEqual(['x'])
  })
})

describe('replay', () => {
  it('runs a workflow again with the same parameters; from a step, the earlier ones keep their results', async () => {
    p = await project({
      '.mmm/workflows/rep.yaml': `
name: rep
parameters:
  n: { type: integer, default: 1 }
stages:
  - name: a
    steps:
      - name: first
        run: |
          echo "first \${{ parameters.n }}" >> ran.log
          echo '{"v": 7}'
        outputs: { v: { from: json, path: v } }
      - name: second
        run: echo "second \${{ outputs.first.v }}" >> ran.log
`,
    })
    const first = (await p.kernel.call('workflow.run', { name: 'rep', param: ['n=5'] })) as RunSummary
    expect(first.status).toBe('succeeded')
    const again = (await p.kernel.call('workflow.replay', { run: first.id, fromStep: 'second' })) as RunSummary
    expect(again).toMatchObject({ status: 'succeeded', steps: { 'a/first': 'succeeded', 'a/second': 'succeeded' } })
    expect(again.id).not.toBe(first.id)
    expect(lines(join(p.dir, 'ran.log'))).toEqual(['first 5', 'second 7', 'second 7'])
    await p.kernel.call('workflow.replay', { run: first.id })
    expect(lines(join(p.dir, 'ran.log')).slice(3)).toEqual(['first 5', 'second 7'])
    await expect(p.kernel.call('workflow.replay', { run: first.id, fromStep: 'nope' })).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT', message: expect.stringMatching(/its steps: a\/first, a\/second/) })
  })
})
