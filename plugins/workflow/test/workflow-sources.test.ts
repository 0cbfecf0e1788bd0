// Where workflows come from besides .mmm/workflows: a preset's workflows handed over as text (the `workflows`
// option) and directories inside the project (`include`). Real kernel, real sandboxed plugin.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '@mmm/kernel/testing'
import { grants, workflowPlugin, type RunRecord } from './helpers.ts'

let dir: string | undefined
let kernel: TestKernel | undefined
afterEach(async () => {
  await kernel?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  kernel = undefined
  dir = undefined
})

async function start(options: Record<string, unknown>, files: Record<string, string> = {}): Promise<TestKernel> {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-workflow-sources-')))
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }
  kernel = await createTestKernel({ cwd: dir, plugins: [[workflowPlugin, options]], grants })
  return kernel
}

const base = 'name: base\ndescription: shipped base\nparameters:\n  who: { type: string, default: shipped }\nstages:\n  - name: a\n    steps:\n      - name: hi\n        run: echo "hi $WHO"\n        env: { WHO: "${{ parameters.who }}" }\n'
const listOf = async (k: TestKernel) => (await k.call('workflow.list', {})) as Array<{ name: string; file: string; description?: string }>
const warnings = (k: TestKernel) => k.logs.filter((l) => l.level === 'warn').map((l) => l.message)

describe('the workflows option (a preset ships its workflows as text)', () => {
  it('lists, validates, runs and replays a shipped workflow by name, its run recording the label', async () => {
    const k = await start({ workflows: { 'preset-x/base.yaml': base } })
    expect(await listOf(k)).toEqual([{ file: 'preset-x/base.yaml', name: 'base', description: 'shipped base' }])
    expect(await k.call('workflow.validate', { file: 'preset-x/base.yaml' })).toMatchObject({ valid: true, steps: 1 })
    const run = (await k.call('workflow.run', { name: 'base', params: { who: 'you' } })) as RunRecord
    expect(run.status).toBe('succeeded')
    const status = (await k.call('workflow.status', { run: run.id })) as RunRecord & { file: string }
    expect(status.file).toBe('preset-x/base.yaml')
    expect(status.steps['a/hi']).toMatchObject({ status: 'succeeded', tail: 'hi you\n' })
    // Its source, to copy into .mmm/workflows/ and change.
    expect(await k.call('workflow.inspect', { name: 'base', source: true })).toBe(base)
    // A replay reads the workflow again, through its label.
    expect(((await k.call('workflow.replay', { run: run.id })) as RunRecord).status).toBe('succeeded')
    expect(warnings(k)).toEqual([])
  })

  it('a project workflow of the same name wins; a project workflow may extend a shipped one', async () => {
    const k = await start({ workflows: { 'preset-x/base.yaml': base, 'preset-x/other.yaml': base.replace('name: base', 'name: other') } }, {
      '.mmm/workflows/base.yaml': 'name: base\ndescription: ours\nstages:\n  - name: a\n    steps: [{ run: "true" }]\n',
      '.mmm/workflows/child.yaml': 'name: child\nextends: other\nparameters:\n  who: { type: string, default: child }\n',
    })
    const list = await listOf(k)
    expect(list.map((w) => [w.name, w.file])).toEqual([['base', '.mmm/workflows/base.yaml'], ['child', '.mmm/workflows/child.yaml'], ['other', 'preset-x/other.yaml']])
    const run = (await k.call('workflow.run', { name: 'child' })) as RunRecord
    expect(run.status).toBe('succeeded')
    expect(((await k.call('workflow.status', { run: run.id })) as RunRecord).steps['a/hi']?.tail).toBe('hi child\n')
  })

  it('skips entries that are not a label ending in .yaml with text, and says so', async () => {
    const k = await start({ workflows: { 'preset-x/base.yaml': base, 'no-extension': base, 'preset-x/n.yaml': 5 } })
    expect((await listOf(k)).map((w) => w.name)).toEqual(['base'])
    expect(warnings(k)).toEqual([
      expect.stringContaining('entry "no-extension" is not a label ending in .yaml'),
      expect.stringContaining('entry "preset-x/n.yaml" is not a label ending in .yaml'),
    ])
    const bad = await start({ workflows: ['not', 'an', 'object'] })
    expect(await listOf(bad)).toEqual([])
    expect(warnings(bad)).toEqual([expect.stringContaining('the "workflows" option must be an object')])
  })

  it('an invalid shipped workflow is listed with its errors and refused by run, naming its label', async () => {
    const k = await start({ workflows: { 'preset-x/broken.yaml': 'name: broken\nstages: 7\n' } })
    const [entry] = (await k.call('workflow.list', {})) as Array<{ file: string; errors?: unknown[] }>
    expect(entry?.file).toBe('preset-x/broken.yaml')
    expect(entry?.errors?.length).toBeGreaterThan(0)
    await expect(k.call('workflow.run', { name: 'preset-x/broken.yaml' })).rejects.toMatchObject({ code: 'MMM_WORKFLOW_INVALID', message: expect.stringContaining('preset-x/broken.yaml') })
  })
})

describe('the include option (directories inside the project)', () => {
  it('finds workflows in an included directory, and warns about one it cannot read', async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-workflow-outside-')))
    try {
      writeFileSync(join(outside, 'far.yaml'), base.replace('name: base', 'name: far'))
      const k = await start({ include: ['vendor/flows', outside, 'missing'] }, { 'vendor/flows/base.yaml': base })
      expect((await listOf(k)).map((w) => [w.name, w.file])).toEqual([['base', 'vendor/flows/base.yaml']])
      expect(warnings(k)).toEqual([
        expect.stringMatching(new RegExp(`include "${outside}" cannot be read .*inside the project`)),
        expect.stringMatching(/include "missing" does not exist; it must be a directory inside the project/),
      ])
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
