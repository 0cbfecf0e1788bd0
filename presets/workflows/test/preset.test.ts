// The workflows preset: the plugins it enables (after the user's grants), its example workflows handed to the
// workflow plugin as text (the plugin reads files only inside the project; this package lies outside it), and
// those examples, each valid and found by name.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { loadConfig } from '@mmm/kernel'
import { createTestKernel } from '@mmm/kernel/testing'

const preset = fileURLToPath(new URL('..', import.meta.url))
const examples = join(preset, 'workflows')
const workflowPlugin = fileURLToPath(new URL('../../../plugins/workflow', import.meta.url))

it('enables analyzer, workflow (with its examples included), spec and loop, none granted by the preset', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-preset-workflows-')))
  try {
    mkdirSync(join(dir, 'node_modules', '@mmm'), { recursive: true })
    symlinkSync(preset, join(dir, 'node_modules', '@mmm', 'preset-workflows'))
    writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ presets: ['@mmm/preset-workflows'] }))
    const config = await loadConfig({ cwd: dir, env: {}, userConfigDir: false })
    expect(config.plugins.map((p) => p.specifier)).toEqual(['@mmm/plugin-analyzer', '@mmm/plugin-workflow', '@mmm/plugin-spec', '@mmm/plugin-loop'])
    const shipped = Object.fromEntries(readdirSync(examples).sort().map((f) => [`@mmm/preset-workflows/${f}`, readFileSync(join(examples, f), 'utf8')]))
    expect(Object.keys(shipped)).toHaveLength(4)
    expect(config.plugins[1]?.options).toEqual({ workflows: shipped })
    expect(config.config.grants).toEqual({})
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

it('its four example workflows are found by name in a project outside the package and are valid; a project file of the same name wins', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-preset-workflows-')))
  mkdirSync(join(dir, '.mmm/workflows'), { recursive: true })
  writeFileSync(join(dir, '.mmm/workflows/code-quality.yaml'), 'name: code-quality\ndescription: ours\nstages:\n  - name: a\n    steps: [{ run: "true" }]\n')
  // The workflow plugin with the options the preset gives it.
  const { default: preset } = (await import('../src/index.ts')) as { default: { plugins: Array<string | [string, Record<string, unknown>]> } }
  const options = preset.plugins.find((p): p is [string, Record<string, unknown>] => Array.isArray(p) && p[0] === '@mmm/plugin-workflow')![1]
  const k = await createTestKernel({ cwd: dir, plugins: [[workflowPlugin, options]], grants: { workflow: { fs: { read: ['**'] }, exec: ['sh'], tools: ['*'], claude: true } } })
  try {
    const list = (await k.call('workflow.list', {})) as Array<{ name: string; file: string; description?: string; errors?: unknown[] }>
    expect(list.map((w) => w.name).sort()).toEqual(['code-quality', 'code-quality-improvement', 'feature-from-spec', 'fix-until-green'])
    expect(list.find((w) => w.name === 'code-quality')?.description).toBe('ours')
    expect(list.filter((w) => w.errors)).toEqual([])
    for (const w of list) expect(await k.call('workflow.validate', { file: w.file })).toMatchObject({ valid: true })
    expect(list.find((w) => w.name === 'fix-until-green')?.file).toBe('@mmm/preset-workflows/fix-until-green.yaml')
    expect(await k.call('workflow.validate', { file: '@mmm/preset-workflows/code-quality.yaml' })).toMatchObject({ valid: true, steps: 3 })
    expect(await k.call('workflow.inspect', { name: 'fix-until-green' })).toMatch(/test1.*fix1.*apply1.*test3/s)
    // The improvement loop: prepare, one loop.iterate per iteration (skipped once a stop rule fired), finish.
    expect(await k.call('workflow.validate', { file: '@mmm/preset-workflows/code-quality-improvement.yaml' })).toMatchObject({ valid: true, stages: 3, steps: 3 })
    const plan = (await k.call('workflow.run', { name: 'code-quality-improvement', params: { maxIterations: 2, focus: 'tests' }, dryRun: true })) as { params: Record<string, unknown>; plan: Array<{ step: string; command: string; forEach?: string; condition?: string }> }
    expect(plan.params).toEqual({ target: 8, maxIterations: 2, focus: 'tests' })
    expect(plan.plan.map((p) => [p.step, p.command.split(' ')[0]])).toEqual([['prepare', 'loop.prepare'], ['iterate', 'loop.iterate'], ['finish', 'loop.finish']])
    expect(plan.plan[1]).toMatchObject({ forEach: '${{ range(parameters.maxIterations) }}', condition: expect.stringContaining('outputs.iterate.done == false') })
  } finally {
    await k.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
