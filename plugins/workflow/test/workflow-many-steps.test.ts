// Thousands of fast steps: a tool step that waits for no write (a read-only tool) outruns the state store and
// the plugin's capability rate. The run must finish — slowed down, never failed with MMM_RATE_LIMITED.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '@mmm/kernel/testing'
import { grants, project, workflowPlugin, type Project, type RunRecord } from './helpers.ts'

const many = (n: number, parallel = false) => `name: many\nstages:\n  - name: a\n    for_each: \${{ range(${n}) }}\n${parallel ? '    parallel: true\n    max_parallel: 64\n' : ''}    steps:\n      - name: echo\n        tool: workflow.echo\n        with: { value: '\${{ item }}' }\n`

let p: Project | undefined
let k: TestKernel | undefined
let dir = ''
afterEach(async () => {
  await p?.close()
  await k?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  p = k = undefined
  dir = ''
})

describe('many fast steps', () => {
  it('3000 tool steps in the sandbox, 64 at a time (the most max_parallel allows) (9000 capability calls, past the 2000/s rate): all run, every checkpoint kept', async () => {
    p = await project({ '.mmm/workflows/many.yaml': many(3000, true) })
    const r = (await p.kernel.call('workflow.run', { name: 'many' })) as { id: string; status: string; error?: unknown }
    expect(r.error).toBeUndefined()
    expect(r.status).toBe('succeeded')
    const rec = (await p.kernel.call('workflow.status', { run: r.id })) as RunRecord
    const steps = Object.values(rec.steps)
    expect(steps).toHaveLength(3000)
    expect(steps.every((s) => s.status === 'succeeded')).toBe(true)
    expect(rec.steps['a[2999]/echo']?.outputs).toEqual({ value: 2999 })
  })

  it('in-process (sandbox: off), where steps outrun the store the most: the engine waits for its writes instead of piling them up', async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-many-')))
    mkdirSync(join(dir, '.mmm/workflows'), { recursive: true })
    writeFileSync(join(dir, '.mmm/workflows/many.yaml'), many(2000))
    k = await createTestKernel({ cwd: dir, plugins: [{ use: workflowPlugin, sandbox: 'off' }], grants })
    const r = (await k.call('workflow.run', { name: 'many' })) as { id: string; status: string; error?: unknown }
    expect(r.error).toBeUndefined()
    expect(r.status).toBe('succeeded')
    const rec = (await k.call('workflow.status', { run: r.id })) as RunRecord
    expect(Object.values(rec.steps).filter((s) => s.status === 'succeeded')).toHaveLength(2000)
  })
})
