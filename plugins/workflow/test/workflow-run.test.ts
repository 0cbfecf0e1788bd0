// Running workflows through the real kernel: shell and tool steps, expressions that never become script text,
// outputs, conditions, retries, on_failure, parallel stages and for_each, dry runs, parameters, timeouts.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { project, type Project, type RunRecord, type RunSummary } from './helpers.ts'

let p: Project | undefined
afterEach(async () => {
  await p?.close()
  p = undefined
})

const run = (name: string, input: Record<string, unknown> = {}) => p!.kernel.call('workflow.run', { name, ...input }) as Promise<RunSummary>
const status = (id: string) => p!.kernel.call('workflow.status', { run: id }) as Promise<RunRecord>

describe('workflow.run', () => {
  it('runs shell and tool steps in order, passing outputs and parameters through expressions', async () => {
    p = await project({
      '.mmm/workflows/build.yaml': `
name: build
parameters:
  who: { type: string, default: World }
  times: { type: integer, default: 2 }
env:
  GREETING: hi
stages:
  - name: prepare
    steps:
      - name: info
        run: 'echo "{\\"version\\": \\"1.2.3\\", \\"files\\": [\\"a\\", \\"b\\"]}"'
        outputs:
          version: { from: json, path: version }
          files: { from: json, path: files }
      - name: count
        run: echo "count=\${{ len(outputs.info.files) * parameters.times }}"
        outputs:
          n: { from: regex, pattern: 'count=(\\d+)' }
  - name: greet
    steps:
      - name: hello
        tool: hello.greet
        with:
          name: \${{ parameters.who }} \${{ outputs.info.version }}
      - name: show
        run: echo "$GREETING \${{ outputs.hello.message }} n=\${{ outputs.count.n }}" > out.txt
`,
    })
    const r = await run('build', { param: ['who=Ada'] })
    expect(r).toMatchObject({ status: 'succeeded', steps: { 'prepare/info': 'succeeded', 'prepare/count': 'succeeded', 'greet/hello': 'succeeded', 'greet/show': 'succeeded' } })
    expect(readFileSync(join(p.dir, 'out.txt'), 'utf8')).toBe('hi Hello, Ada 1.2.3. n=4\n')
    const s = await status(r.id)
    expect(s.steps['prepare/info']?.outputs).toEqual({ version: '1.2.3', files: ['a', 'b'] })
    expect(s.steps['greet/hello']?.outputs).toEqual({ message: 'Hello, Ada 1.2.3.', count: 1 })
  })

  it('never splices an expression into the script: a parameter with $(touch pwned) creates nothing', async () => {
    p = await project({
      '.mmm/workflows/safe.yaml': `
name: safe
parameters:
  msg: { type: string, required: true }
stages:
  - name: s
    steps:
      - run: echo \${{ parameters.msg }} > said.txt; echo "quoted \${{ parameters.msg }}" >> said.txt
`,
    })
    const evil = '$(touch pwned) `touch pwned2`; touch pwned3 "\' && touch pwned4'
    expect((await run('safe', { params: { msg: evil } })).status).toBe('succeeded')
    for (const f of ['pwned', 'pwned2', 'pwned3', 'pwned4']) expect(existsSync(join(p.dir, f))).toBe(false)
    expect(readFileSync(join(p.dir, 'said.txt'), 'utf8')).toBe(`${evil}\nquoted ${evil}\n`)
  })

  it('skips steps and stages whose condition is false, and retries a failing step', async () => {
    p = await project({
      '.mmm/workflows/cond.yaml': `
name: cond
parameters:
  deploy: { type: boolean, default: false }
stages:
  - name: check
    steps:
      - name: flaky
        run: n=$(cat tries 2>/dev/null || echo 0); n=$((n+1)); echo $n > tries; [ $n -ge 3 ]
        retry: { count: 3, backoff: 10ms }
      - name: only-on-deploy
        condition: parameters.deploy
        run: touch deployed
  - name: ship
    condition: \${{ parameters.deploy == true && steps.flaky.status == 'succeeded' }}
    steps:
      - run: touch shipped
`,
    })
    const r = await run('cond')
    expect(r).toMatchObject({ status: 'succeeded', steps: { 'check/flaky': 'succeeded', 'check/only-on-deploy': 'skipped' } })
    expect((await status(r.id)).steps['check/flaky']?.attempts).toBe(3)
    expect(existsSync(join(p.dir, 'deployed')) || existsSync(join(p.dir, 'shipped'))).toBe(false)
    p.write('tries', '0')
    expect((await run('cond', { param: ['deploy=true'] })).status).toBe('succeeded')
    expect(existsSync(join(p.dir, 'deployed')) && existsSync(join(p.dir, 'shipped'))).toBe(true)
  })

  it('stops at a failing step with its exit code and last line; on_failure: continue goes on', async () => {
    p = await project({
      '.mmm/workflows/fail.yaml': `
name: fail
stages:
  - name: a
    steps:
      - name: soft
        run: 'echo "lint: 3 warnings" >&2; exit 1'
        on_failure: continue
      - name: hard
        run: 'echo "tests failed: 2" >&2; exit 7'
      - name: never
        run: touch never
`,
    })
    const r = await run('fail')
    expect(r).toMatchObject({ status: 'failed', error: { code: 'MMM_WORKFLOW_STEP_FAILED', message: expect.stringMatching(/step "hard" of stage "a" failed: exited with code 7: tests failed: 2/) } })
    expect(r.steps).toEqual({ 'a/soft': 'failed', 'a/hard': 'failed' })
    expect((await status(r.id)).steps['a/hard']).toMatchObject({ exitCode: 7, tail: 'tests failed: 2\n' })
    expect(existsSync(join(p.dir, 'never'))).toBe(false)
  })

  it('runs a parallel stage at most max_parallel at once, and fans out for_each with collected results', async () => {
    const slot = (name: string) => `
      - name: ${name}
        run: n=$(ls running 2>/dev/null | wc -l); echo $n >> peaks; mkdir -p running; touch running/${name}; sleep 0.3; rm running/${name}`
    p = await project({
      '.mmm/workflows/fan.yaml': `
name: fan
stages:
  - name: par
    parallel: true
    max_parallel: 2
    steps:${slot('a')}${slot('b')}${slot('c')}${slot('d')}
  - name: each
    for_each: [red, green, blue]
    parallel: true
    steps:
      - name: paint
        run: 'echo "{\\"color\\": \\"\${{ item }}\\", \\"i\\": \${{ index }}}"'
        outputs:
          color: { from: json, path: color }
  - name: after
    steps:
      - run: printf '%s' \${{ toJson(stages.each.items) }} > items.json
`,
    })
    const r = await run('fan')
    expect(r.status).toBe('succeeded')
    const peaks = readFileSync(join(p.dir, 'peaks'), 'utf8').trim().split('\n').map(Number)
    expect(peaks).toHaveLength(4)
    expect(Math.max(...peaks)).toBeLessThanOrEqual(1) // never a third one starting while two run
    expect(JSON.parse(readFileSync(join(p.dir, 'items.json'), 'utf8'))).toEqual([
      { item: 'red', status: 'succeeded', outputs: { paint: { color: 'red' } } },
      { item: 'green', status: 'succeeded', outputs: { paint: { color: 'green' } } },
      { item: 'blue', status: 'succeeded', outputs: { paint: { color: 'blue' } } },
    ])
    expect(Object.keys(r.steps)).toEqual(expect.arrayContaining(['each[0]/paint', 'each[1]/paint', 'each[2]/paint']))
  })

  it('for_each over range(n) runs in order; an item sees the items before it and can skip itself', async () => {
    p = await project({
      '.mmm/workflows/count.yaml': `
name: count
parameters:
  rounds: { type: integer, default: 4 }
  stopAt: { type: integer, default: 1 }
stages:
  - name: rounds
    for_each: \${{ range(parameters.rounds) }}
    steps:
      - name: round
        condition: \${{ index == 0 || stages.rounds.items[index - 1].outputs.round.done == false }}
        tool: workflow.echo
        with: { value: { n: '\${{ item }}', done: '\${{ item >= parameters.stopAt }}' } }
        outputs:
          n: { from: json, path: value.n }
          done: { from: json, path: value.done }
  - name: after
    steps:
      - run: printf '%s' \${{ toJson(stages.rounds.items) }} > items.json
`,
    })
    const r = await run('count')
    expect(r.status).toBe('succeeded')
    expect(JSON.parse(readFileSync(join(p.dir, 'items.json'), 'utf8'))).toEqual([
      { item: 0, status: 'succeeded', outputs: { round: { n: 0, done: false } } },
      { item: 1, status: 'succeeded', outputs: { round: { n: 1, done: true } } },
      { item: 2, status: 'succeeded', outputs: { round: {} } },
      { item: 3, status: 'succeeded', outputs: { round: {} } },
    ])
    expect(r.steps).toMatchObject({ 'rounds[0]/round': 'succeeded', 'rounds[1]/round': 'succeeded', 'rounds[2]/round': 'skipped', 'rounds[3]/round': 'skipped' })
    expect((await run('count', { params: { rounds: 0 } })).status).toBe('succeeded')
    expect(await run('count', { params: { rounds: -1 } })).toMatchObject({ status: 'failed', error: { code: 'MMM_WORKFLOW_EXPRESSION', message: expect.stringMatching(/range\(n\) takes a whole number/) } })
  })

  it('a dry run shows the plan and runs nothing', async () => {
    p = await project({
      '.mmm/workflows/plan.yaml': `
name: plan
parameters:
  target: { type: string, default: prod }
stages:
  - name: deploy
    steps:
      - name: push
        condition: parameters.target == 'prod'
        run: touch pushed-\${{ parameters.target }}
        retry: 2
`,
    })
    const r = (await run('plan', { dryRun: true })) as unknown as { dryRun: boolean; text: string; plan: Array<{ command: string; condition: string }> }
    expect(r.dryRun).toBe(true)
    expect(r.plan[0]).toMatchObject({ command: 'touch pushed-"$MMM_EXPR_1"', condition: "parameters.target == 'prod'" })
    expect(r.text).toMatch(/1\. push {2}\[if parameters\.target == 'prod'\] {2}\[retry 2\]/)
    expect(r.text).toMatch(/MMM_EXPR_1 = \$\{\{ parameters\.target \}\}/)
    expect(existsSync(join(p.dir, 'pushed-prod'))).toBe(false)
    expect(await p.kernel.call('workflow.history', {})).toEqual([])
    expect(await p.kernel.call('workflow.inspect', { name: 'plan', graph: true })).toMatch(/^flowchart TD\n {2}subgraph deploy/)
  })

  it('checks parameters: required, typed, enum, unknown', async () => {
    p = await project({
      '.mmm/workflows/params.yaml': `
name: params
parameters:
  n: { type: integer, required: true }
  mode: { type: string, enum: [fast, full], default: fast }
stages:
  - name: a
    steps:
      - run: echo \${{ parameters.n }} \${{ parameters.mode }} > p.txt
`,
    })
    await expect(run('params')).rejects.toMatchObject({ code: 'MMM_WORKFLOW_INVALID_PARAMS', message: expect.stringMatching(/parameter "n" is required \(integer\)/) })
    await expect(run('params', { param: ['n=x', 'mode=slow', 'extra=1'] })).rejects.toMatchObject({ message: expect.stringMatching(/unknown parameter "extra".*"n" must be integer.*"mode" must be one of "fast", "full"/) })
    await expect(run('params', { param: ['oops'] })).rejects.toMatchObject({ code: 'MMM_INVALID_INPUT' })
    expect((await run('params', { param: ['n=3'] })).status).toBe('succeeded')
    expect(readFileSync(join(p.dir, 'p.txt'), 'utf8')).toBe('3 fast\n')
  })

  it('stops a step past its timeout', async () => {
    p = await project({ '.mmm/workflows/slow.yaml': 'name: slow\nstages:\n  - name: a\n    steps:\n      - run: sleep 20\n        timeout: 300ms\n' })
    expect(await run('slow')).toMatchObject({ status: 'failed', error: { code: 'MMM_WORKFLOW_TIMEOUT' } })
  })
})
