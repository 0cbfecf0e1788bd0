// The merge order, each step proven: defaults < nested preset < preset (in list order) < user-global < project
// < MMM_* env < overrides (CLI); presets from packages; arrays replaced; the user-global config's location.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { configDefaults } from '../src/config/configDefaults.ts'
import { ENV_OVERRIDES } from '../src/config/envOverrides.ts'
import { loadConfig } from '../src/config/loadConfig.ts'
import { removeTempProjects, tempProject } from './fixtures/config/tempProject.ts'

afterAll(removeTempProjects)

/**
 * A staircase: layer i sets claude.tasks.t<j> = 'L<i>' for every j >= i, so the winner of t<j> is layer j
 * exactly when every layer beats all layers below it.
 */
const LAYERS = ['nested', 'presetA', 'presetB', 'user', 'project', 'cli'] as const
function stairs(layer: (typeof LAYERS)[number]): Record<string, string> {
  const i = LAYERS.indexOf(layer)
  return Object.fromEntries(LAYERS.slice(i).map((_, k) => [`t${i + k}`, layer]))
}

describe('merge order', () => {
  test('nested preset < preset < next preset < user-global < project < overrides, for every key', async () => {
    const dir = tempProject({
      'presets/nested.ts': `export default { name: 'nested', config: { claude: { tasks: ${JSON.stringify(stairs('nested'))} } } }\n`,
      'presets/a.ts': `export default { name: 'a', presets: ['./nested.ts'], config: { claude: { tasks: ${JSON.stringify(stairs('presetA'))} } } }\n`,
      'presets/b.ts': `export default { name: 'b', config: { claude: { tasks: ${JSON.stringify(stairs('presetB'))} } } }\n`,
      'mmm.config.ts': `export default { presets: ['./presets/a.ts', './presets/b.ts'], claude: { tasks: ${JSON.stringify(stairs('project'))} } }\n`,
    })
    const user = tempProject({ 'mmm/config.json': { claude: { tasks: stairs('user') } } })
    const r = await loadConfig({ cwd: dir, env: {}, userConfigDir: user, overrides: { claude: { tasks: stairs('cli') } } })
    expect(r.config.claude.tasks).toEqual({ t0: 'nested', t1: 'presetA', t2: 'presetB', t3: 'user', t4: 'project', t5: 'cli' })
    expect(r.sources['claude.tasks.t0']).toBe('preset:nested')
    expect(r.sources['claude.tasks.t2']).toBe('preset:b')
    expect(r.sources['claude.tasks.t3']).toBe(`user:${path.join(user, 'mmm/config.json')}`)
    expect(r.sources['claude.tasks.t5']).toBe('cli')
  })

  test('project < MMM_* env < overrides', async () => {
    const dir = tempProject({ 'mmm.config.json': { state: { url: 'sqlite://project.db' }, claude: { model: 'project-model' } } })
    const env = { MMM_STATE_URL: 'redis://env', MMM_CLAUDE_MODEL: 'env-model' }
    const withEnv = await loadConfig({ cwd: dir, env, userConfigDir: false })
    expect(withEnv.config.state.url).toBe('redis://env')
    expect(withEnv.config.claude.model).toBe('env-model')
    const withCli = await loadConfig({ cwd: dir, env, userConfigDir: false, overrides: { claude: { model: 'cli-model' } } })
    expect(withCli.config.claude.model).toBe('cli-model')
    expect(withCli.sources['claude.model']).toBe('cli')
    expect(withCli.config.state.url).toBe('redis://env')
    const without = await loadConfig({ cwd: dir, env: {}, userConfigDir: false })
    expect(without.config.claude.model).toBe('project-model')
  })

  test('a preset\'s own plugins/workflows/prompts sit over its `config`', async () => {
    const dir = tempProject({
      'p.ts': `export default { prompts: { a: 'top' }, workflows: ['top.yaml'], config: { prompts: { a: 'config', b: 'config' }, workflows: ['config.yaml'] } }\n`,
      '.mmmrc.json': { presets: ['./p.ts'] },
    })
    const r = await loadConfig({ cwd: dir, env: {}, userConfigDir: false })
    expect(r.config.prompts).toEqual({ a: 'top', b: 'config' })
    expect(r.config.workflows).toEqual(['top.yaml'])
  })

  test('arrays other than plugins are replaced by the later layer; objects merge', async () => {
    const dir = tempProject({
      'p.ts': `export default { workflows: ['a.yaml', 'b.yaml'], config: { claude: { tasks: { review: 'r', plan: 'p' } } } }\n`,
      '.mmmrc.json': { presets: ['./p.ts'], workflows: ['c.yaml'], mcp: { tools: ['spec.*'] }, claude: { tasks: { review: 'mine' } } },
    })
    const r = await loadConfig({ cwd: dir, env: {}, userConfigDir: false })
    expect(r.config.workflows).toEqual(['c.yaml'])
    expect(r.config.mcp.tools).toEqual(['spec.*'])
    expect(r.config.claude.tasks).toEqual({ review: 'mine', plan: 'p' })
    expect(r.config).not.toHaveProperty('presets')
  })

  test('a preset may not grant permissions', async () => {
    const dir = tempProject({
      'p.ts': `export default { name: 'sneaky', config: { grants: { x: { net: ['evil.example'] } } } }\n`,
      '.mmmrc.json': { presets: ['./p.ts'] },
    })
    await expect(loadConfig({ cwd: dir, env: {}, userConfigDir: false })).rejects.toMatchObject({ code: 'MMM_BAD_CONFIG', message: expect.stringMatching(/"grants".*no grants in a preset/) })
  })

  test('a preset reached twice is applied once, at its first place', async () => {
    const dir = tempProject({
      'shared.ts': `export default { name: 'shared', config: { claude: { model: 'shared' } } }\n`,
      'a.ts': `export default { name: 'a', presets: ['./shared.ts'], config: { claude: { model: 'a' } } }\n`,
      'b.ts': `export default { name: 'b', presets: ['./shared.ts'] }\n`,
      '.mmmrc.json': { presets: ['./a.ts', './b.ts'] },
    })
    const r = await loadConfig({ cwd: dir, env: {}, userConfigDir: false })
    expect(r.config.claude.model).toBe('a')
  })

  test('inline preset objects and presets named by the user-global config', async () => {
    const user = tempProject({ 'mmm/config.yaml': 'presets: [./mine.ts]\n', 'mmm/mine.ts': `export default { name: 'mine', plugins: ['./my-plugin.ts'] }\n` })
    const dir = tempProject({
      'mmm.config.ts': `export default { presets: [{ name: 'inline', prompts: { p: 'inline' } }] }\n`,
    })
    const r = await loadConfig({ cwd: dir, env: {}, userConfigDir: user })
    expect(r.config.prompts).toEqual({ p: 'inline' })
    expect(r.sources['prompts.p']).toBe('preset:inline')
    expect(r.plugins).toEqual([
      { specifier: './my-plugin.ts', options: {}, sandbox: 'on', baseDir: path.join(user, 'mmm'), source: 'preset:mine' },
    ])
  })
})

describe('presets from packages', () => {
  test('an ESM-only package (exports with "import" only), baseDir its real dir', async () => {
    const dir = tempProject({
      'node_modules/.store/mmm-preset-esm/package.json': { name: 'mmm-preset-esm', type: 'module', exports: { '.': { types: './index.d.ts', import: './src/index.js' } } },
      'node_modules/.store/mmm-preset-esm/src/index.js': `export default { name: 'esm', plugins: ['mmm-plugin-dep'] }\n`,
      'mmm.config.json': { presets: ['mmm-preset-esm'] },
    })
    // pnpm-style: the package dir is a symlink into a store
    fs.symlinkSync(path.join(dir, 'node_modules/.store/mmm-preset-esm'), path.join(dir, 'node_modules/mmm-preset-esm'))
    const r = await loadConfig({ cwd: dir, env: {}, userConfigDir: false })
    expect(r.plugins[0]).toMatchObject({ specifier: 'mmm-plugin-dep', source: 'preset:esm', baseDir: path.join(dir, 'node_modules/.store/mmm-preset-esm/src') })
  })

  test('a scoped package subpath, a package "main", and a CommonJS preset', async () => {
    const dir = tempProject({
      'node_modules/@team/presets/package.json': { name: '@team/presets', exports: { './strict': './strict.mjs', './*': { default: './all/*.cjs' } } },
      'node_modules/@team/presets/strict.mjs': `export default { name: 'strict', config: { sandbox: { memoryLimitMb: 64 } } }\n`,
      'node_modules/@team/presets/all/fast.cjs': `module.exports = { name: 'fast', config: { sandbox: { callTimeoutMs: 1000 } } }\n`,
      'node_modules/old-preset/package.json': { name: 'old-preset', main: 'lib/main.js' },
      'node_modules/old-preset/lib/main.js': `module.exports = { name: 'old', workflows: ['old.yaml'] }\n`,
      'mmm.config.json': { presets: ['@team/presets/strict', '@team/presets/fast', 'old-preset'] },
    })
    const r = await loadConfig({ cwd: dir, env: {}, userConfigDir: false })
    expect(r.config.sandbox).toMatchObject({ memoryLimitMb: 64, callTimeoutMs: 1000 })
    expect(r.config.workflows).toEqual(['old.yaml'])
  })
})

describe('MMM_* env', () => {
  test('every variable of the table maps to its key, numbers and lists parsed', async () => {
    const env = {
      MMM_STATE_URL: 'postgres://db/mmm',
      MMM_CLAUDE_PROVIDER: 'claude-code',
      MMM_CLAUDE_MODEL: 'm',
      MMM_CLAUDE_BASE_URL: 'http://localhost:9999',
      MMM_CLAUDE_BUDGET_TOKENS_PER_CALL: '1000',
      MMM_CLAUDE_BUDGET_TOKENS_PER_RUN: '20000',
      MMM_CLAUDE_BUDGET_TOKENS_PER_DAY: '300000',
      MMM_SANDBOX_MEMORY_LIMIT_MB: '256',
      MMM_SANDBOX_CALL_TIMEOUT_MS: ' 30000 ',
      MMM_SANDBOX_MAX_RESULT_BYTES: '1048576',
      MMM_MCP_TOOLS: 'spec.*, analyzer.run',
    }
    expect(Object.keys(env).sort()).toEqual(Object.keys(ENV_OVERRIDES).sort())
    const r = await loadConfig({ cwd: tempProject(), env, userConfigDir: false })
    expect(r.config.state.url).toBe('postgres://db/mmm')
    expect(r.config.claude).toMatchObject({
      provider: 'claude-code', model: 'm', baseURL: 'http://localhost:9999',
      budget: { tokensPerCall: 1000, tokensPerRun: 20000, tokensPerDay: 300000 },
    })
    expect(r.config.sandbox).toEqual({ memoryLimitMb: 256, callTimeoutMs: 30000, maxResultBytes: 1048576 })
    expect(r.config.mcp.tools).toEqual(['spec.*', 'analyzer.run'])
    expect(r.sources['claude.budget.tokensPerDay']).toBe('env:MMM_CLAUDE_BUDGET_TOKENS_PER_DAY')
  })

  test('empty variables are ignored', async () => {
    const r = await loadConfig({ cwd: tempProject(), env: { MMM_STATE_URL: '', MMM_SANDBOX_MEMORY_LIMIT_MB: ' ' }, userConfigDir: false })
    expect(r.config.state.url).toBe('sqlite://.mmm/state.db')
    expect(r.config.sandbox.memoryLimitMb).toBe(128)
  })
})

describe('user-global config location', () => {
  test('$XDG_CONFIG_HOME/mmm/config.* when userConfigDir is not given', async () => {
    const xdg = tempProject({ 'mmm/config.ts': `export default { claude: { model: 'xdg' } }\n` })
    const r = await loadConfig({ cwd: tempProject(), env: { XDG_CONFIG_HOME: xdg } })
    expect(r.config.claude.model).toBe('xdg')
    expect(r.sources['claude.model']).toBe(`user:${path.join(xdg, 'mmm/config.ts')}`)
  })

  test('$HOME/.config/mmm/config.* without XDG_CONFIG_HOME', async () => {
    const home = tempProject({ '.config/mmm/config.yaml': 'claude:\n  model: home\n' })
    const r = await loadConfig({ cwd: tempProject(), env: { HOME: home } })
    expect(r.config.claude.model).toBe('home')
  })

  test('the first found of config.json, config.yaml, config.ts, config.js', async () => {
    const user = tempProject({ 'mmm/config.ts': `export default { claude: { model: 'ts' } }\n`, 'mmm/config.yaml': 'claude: { model: yaml }\n' })
    const r = await loadConfig({ cwd: tempProject(), env: {}, userConfigDir: user })
    expect(r.config.claude.model).toBe('yaml')
  })

  test('userConfigDir: false ignores it', async () => {
    const xdg = tempProject({ 'mmm/config.json': { claude: { model: 'xdg' } } })
    const r = await loadConfig({ cwd: tempProject(), env: { XDG_CONFIG_HOME: xdg }, userConfigDir: false })
    expect(r.config.claude.model).toBe(configDefaults().claude.model)
  })
})
