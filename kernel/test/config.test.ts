// Finding and loading the project config: every file format, function/async exports, the upward search and
// where it stops, plugin dedupe and where each value came from. Real files in temp dirs, no mocks.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { formatKeyPath, parseKeyPath, valueAtKeyPath } from '../src/config/keyPath.ts'
import { configDefaults } from '../src/config/configDefaults.ts'
import { loadConfig } from '../src/config/loadConfig.ts'
import { FIXTURES, removeTempProjects, tempProject } from './fixtures/config/tempProject.ts'

afterAll(removeTempProjects)

const load = (cwd: string, more: Partial<Parameters<typeof loadConfig>[0]> = {}) =>
  loadConfig({ cwd, env: {}, userConfigDir: false, ...more })

describe('no config at all', () => {
  test('uses the recommended preset (zero config: the analyzer and the loop), resolved from mmm\'s own install', async () => {
    const dir = tempProject()
    const r = await load(dir)
    expect(r.root).toBe(dir)
    expect(r.filepath).toBeUndefined()
    expect(r.plugins.map((p) => p.specifier)).toEqual(['@mmm/plugin-analyzer', '@mmm/plugin-loop'])
    expect(r.sources['sandbox.memoryLimitMb']).toMatch(/preset-recommended/)
    expect(r.config.grants).toEqual({})
  })

  test('with plugins named by the caller: the defaults, root = cwd, every value sourced "default"', async () => {
    const dir = tempProject()
    const r = await load(dir, { overrides: { plugins: [] } })
    expect(r.root).toBe(dir)
    expect(r.filepath).toBeUndefined()
    expect(r.plugins).toEqual([])
    expect(r.config).toEqual({
      claude: { provider: 'auto', model: 'claude-sonnet-5-5', smallModel: 'claude-haiku-4-5', tasks: {}, prices: configDefaults().claude.prices },
      grants: {},
      state: { url: 'sqlite://.mmm/state.db' },
      sandbox: { memoryLimitMb: 128, callTimeoutMs: 60_000, maxResultBytes: 16 * 1024 * 1024 },
      mcp: { tools: ['*'] },
    })
    expect(new Set(Object.values(r.sources))).toEqual(new Set(['default']))
    expect(Object.keys(r.sources).sort()).toEqual([
      'claude.model', ...Object.keys(configDefaults().claude.prices!).flatMap((m) => ['cacheRead', 'cacheWrite', 'input', 'output'].map((k) => `claude.prices.${m}.${k}`)).sort(),
      'claude.provider', 'claude.smallModel', 'claude.tasks', 'grants', 'mcp.tools',
      'sandbox.callTimeoutMs', 'sandbox.maxResultBytes', 'sandbox.memoryLimitMb', 'state.url',
    ])
  })
})

describe('file formats', () => {
  const url = 'sqlite://format.db'
  const cases: [string, string | object][] = [
    ['mmm.config.ts', `const url: string = '${url}'\nexport default { state: { url } }\n`],
    ['mmm.config.mts', `export default { state: { url: '${url}' as string } }\n`],
    ['mmm.config.js', `export default { state: { url: '${url}' } }\n`],
    ['mmm.config.mjs', `export default { state: { url: '${url}' } }\n`],
    ['mmm.config.cjs', `module.exports = { state: { url: '${url}' } }\n`],
    ['mmm.config.json', { state: { url } }],
    ['mmm.config.yaml', `state:\n  url: ${url}\n`],
    ['mmm.config.yml', `state:\n  url: ${url}\n`],
    ['.mmmrc', `state:\n  url: ${url}\n`],
    ['.mmmrc.json', { state: { url } }],
    ['.mmmrc.yaml', `state:\n  url: ${url}\n`],
    ['.mmmrc.ts', `export default { state: { url: '${url}' } }\n`],
    ['.config/mmmrc.json', { state: { url } }],
    ['package.json', { name: 'x', mmm: { state: { url } } }],
  ]
  test.each(cases)('%s', async (name, content) => {
    const dir = tempProject({ [name]: content })
    const r = await load(dir)
    expect(r.filepath).toBe(path.join(dir, name))
    expect(r.root).toBe(dir)
    expect(r.config.state.url).toBe(url)
    expect(r.sources['state.url']).toBe(path.join(dir, name))
  })

  test('a .ts config importing a relative .ts helper with types', async () => {
    const dir = tempProject({
      'lib/models.ts': `export interface Models { review: string }\nexport const models: Models = { review: 'claude-opus-4-1' }\n`,
      'mmm.config.ts': `import { models } from './lib/models.ts'\nexport default { claude: { tasks: { ...models } } }\n`,
    })
    expect((await load(dir)).config.claude.tasks).toEqual({ review: 'claude-opus-4-1' })
  })

  test('a typed config from the repo fixtures (defineConfig, presets, helpers)', async () => {
    const cwd = path.join(FIXTURES, 'typed')
    const r = await load(cwd)
    expect(r.filepath).toBe(path.join(cwd, 'mmm.config.ts'))
    expect(r.config.claude).toMatchObject({ provider: 'api', model: 'claude-opus-4-1', budget: { tokensPerRun: 400_000 } })
    expect(r.config.sandbox.memoryLimitMb).toBe(256)
    expect(r.config.prompts).toEqual({ review: 'Review this change.', fix: 'Fix the lint errors.' })
    expect(r.plugins.map((p) => [p.specifier, p.options])).toEqual([
      ['@mmm/plugin-lint', { strict: true }],
      ['@mmm/plugin-analyzer', {}],
      ['@mmm/plugin-loop', { target: 8.5 }],
      ['./tools/my-plugin', {}],
    ])
  })
})

describe('default export kinds', () => {
  test('a function receives { cwd, env } and returns the config', async () => {
    const dir = tempProject({
      'mmm.config.ts': `export default ({ cwd, env }: { cwd: string; env: Record<string, string | undefined> }) =>
        ({ state: { url: 'sqlite://' + env.MY_DB }, prompts: { cwd } })\n`,
    })
    const r = await load(path.join(dir), { env: { MY_DB: 'from-env.db' } })
    expect(r.config.state.url).toBe('sqlite://from-env.db')
    expect(r.config.prompts).toEqual({ cwd: dir })
  })

  test('an async function', async () => {
    const dir = tempProject({ 'mmm.config.mjs': `export default async () => { await new Promise((r) => setTimeout(r, 5)); return { mcp: { tools: ['a.*'] } } }\n` })
    expect((await load(dir)).config.mcp.tools).toEqual(['a.*'])
  })

  test('a promise', async () => {
    const dir = tempProject({ 'mmm.config.js': `export default Promise.resolve({ workflows: ['w.yaml'] })\n` })
    expect((await load(dir)).config.workflows).toEqual(['w.yaml'])
  })

  test('top-level await in the module', async () => {
    const dir = tempProject({ 'mmm.config.ts': `const model = await Promise.resolve('m-tla')\nexport default { claude: { model } }\n` })
    expect((await load(dir)).config.claude.model).toBe('m-tla')
  })

  test('an empty config file counts as no config and the search goes on', async () => {
    const dir = tempProject({ '.mmmrc.json': { state: { url: 'sqlite://parent.db' } }, 'sub/.mmmrc.yaml': '' })
    const r = await load(path.join(dir, 'sub'))
    expect(r.filepath).toBe(path.join(dir, '.mmmrc.json'))
  })
})

describe('search', () => {
  test('walks up from a subdirectory; root is the config dir', async () => {
    const dir = tempProject({ 'mmm.config.json': { state: { url: 'sqlite://up.db' } }, 'a/b/c/.keep': '' })
    const r = await load(path.join(dir, 'a/b/c'))
    expect(r.root).toBe(dir)
    expect(r.config.state.url).toBe('sqlite://up.db')
  })

  test('a workspace package.json without "mmm" does not stop the search', async () => {
    const dir = tempProject({ 'mmm.config.json': { workflows: ['top'] }, 'packages/app/package.json': { name: 'app' } })
    const r = await load(path.join(dir, 'packages/app'))
    expect(r.filepath).toBe(path.join(dir, 'mmm.config.json'))
  })

  test('stops at the git root', async () => {
    const outer = tempProject({ 'mmm.config.json': { workflows: ['outer'] } }, { git: false })
    fs.mkdirSync(path.join(outer, 'repo/.git'), { recursive: true })
    fs.mkdirSync(path.join(outer, 'repo/src'))
    const r = await load(path.join(outer, 'repo/src'))
    expect(r.filepath).toBeUndefined()
    expect(r.root).toBe(path.join(outer, 'repo/src'))
  })

  test('stops at the home dir', async () => {
    const outer = tempProject({ 'mmm.config.json': { workflows: ['outer'] } }, { git: false })
    fs.mkdirSync(path.join(outer, 'home/me/project'), { recursive: true })
    const r = await load(path.join(outer, 'home/me/project'), { env: { HOME: path.join(outer, 'home/me') } })
    expect(r.filepath).toBeUndefined()
  })

  test('mmm.config.ts wins over other files in the same dir', async () => {
    const dir = tempProject({
      'package.json': { mmm: { workflows: ['pkg'] } },
      '.mmmrc.json': { workflows: ['rc'] },
      'mmm.config.ts': `export default { workflows: ['ts'] }\n`,
    })
    expect((await load(dir)).config.workflows).toEqual(['ts'])
  })

  test('configFile loads that file (relative to cwd) without searching', async () => {
    const dir = tempProject({ 'mmm.config.json': { workflows: ['found'] }, 'configs/ci.yaml': 'workflows: [ci]\n' })
    const r = await load(dir, { configFile: 'configs/ci.yaml' })
    expect(r.filepath).toBe(path.join(dir, 'configs/ci.yaml'))
    expect(r.root).toBe(path.join(dir, 'configs'))
    expect(r.config.workflows).toEqual(['ci'])
  })

  test('a .config/ dir config has the project dir as root', async () => {
    const dir = tempProject({ '.config/mmmrc.yaml': 'workflows: [x]\n', 'src/.keep': '' })
    const r = await load(path.join(dir, 'src'))
    expect(r.root).toBe(dir)
  })
})

describe('plugins', () => {
  test('normalized from every entry form, with baseDir the naming file\'s dir', async () => {
    const dir = tempProject({
      'mmm.config.json': {
        plugins: [
          'mmm-plugin-a',
          ['mmm-plugin-b', { level: 2 }],
          { use: './tools/c.ts', options: { x: 1 }, permissions: { net: ['example.com'] }, sandbox: 'off' },
        ],
      },
    })
    const r = await load(dir)
    const file = path.join(dir, 'mmm.config.json')
    expect(r.plugins).toEqual([
      { specifier: 'mmm-plugin-a', options: {}, sandbox: 'on', baseDir: dir, source: file },
      { specifier: 'mmm-plugin-b', options: { level: 2 }, sandbox: 'on', baseDir: dir, source: file },
      { specifier: './tools/c.ts', options: { x: 1 }, permissions: { net: ['example.com'] }, sandbox: 'off', baseDir: dir, source: file },
    ])
    expect(r.sources['plugins[1]']).toBe(file)
  })

  test('deduped by specifier: first position kept, the later layer\'s options win, a bare name keeps them', async () => {
    const dir = tempProject({
      'presets/p.ts': `export default { plugins: [['loop', { target: 7 }], 'analyzer', ['spec', { dir: 'specs' }], './local.ts'] }\n`,
      'mmm.config.ts': `export default {
        presets: ['./presets/p.ts'],
        plugins: ['extra', ['loop', { target: 9 }], 'spec', './presets/local.ts', './local.ts'],
      }\n`,
    })
    const r = await load(dir)
    const file = path.join(dir, 'mmm.config.ts')
    expect(r.plugins.map((p) => [p.specifier, p.options, p.source])).toEqual([
      ['loop', { target: 9 }, file],
      ['analyzer', {}, 'preset:./presets/p.ts'],
      ['spec', { dir: 'specs' }, file],
      ['./local.ts', {}, file],
      ['extra', {}, file],
      ['./local.ts', {}, file],
    ])
    // './local.ts' of the preset is presets/local.ts: the same file the project names as './presets/local.ts'
    expect(r.plugins[3]!.baseDir).toBe(path.join(dir, 'presets'))
    expect(r.plugins[5]!.baseDir).toBe(dir)
    expect(r.plugins[0]!.baseDir).toBe(path.join(dir, 'presets'))
    expect(r.config.plugins).toHaveLength(6)
  })
})

describe('sources', () => {
  test('every leaf names the layer it came from', async () => {
    const dir = tempProject({
      'presets/p.ts': `export default { name: 'team', config: { claude: { tasks: { review: 'opus' } }, sandbox: { callTimeoutMs: 5000 } }, prompts: { hi: 'hello' } }\n`,
      'mmm.config.yaml': 'presets: [./presets/p.ts]\nsandbox:\n  memoryLimitMb: 512\ngrants:\n  slack:\n    net: [hooks.slack.com]\n',
    })
    const user = tempProject({ 'mmm/config.json': { claude: { provider: 'api' } } })
    const r = await load(dir, { userConfigDir: user, env: { MMM_STATE_URL: 'redis://localhost' }, overrides: { mcp: { tools: ['spec.*'] } } })
    const file = path.join(dir, 'mmm.config.yaml')
    expect(r.sources).toEqual({
      'claude.provider': `user:${path.join(user, 'mmm/config.json')}`,
      'claude.model': 'default',
      'claude.smallModel': 'default',
      ...Object.fromEntries(Object.keys(r.sources).filter((k) => k.startsWith('claude.prices')).map((k) => [k, 'default'])),
      'claude.tasks.review': 'preset:team',
      'grants.slack.net': file,
      'state.url': 'env:MMM_STATE_URL',
      'sandbox.memoryLimitMb': file,
      'sandbox.callTimeoutMs': 'preset:team',
      'sandbox.maxResultBytes': 'default',
      'mcp.tools': 'cli',
      'prompts.hi': 'preset:team',
    })
  })

  test('keys that are not identifiers are quoted', async () => {
    const dir = tempProject({ 'mmm.config.json': { prompts: { 'a.b': 'x' }, grants: { '@scope/plugin-x': { env: ['TOKEN'] } } } })
    const r = await load(dir)
    expect(r.sources['prompts["a.b"]']).toBe(path.join(dir, 'mmm.config.json'))
    expect(r.sources['grants.@scope/plugin-x.env']).toBe(path.join(dir, 'mmm.config.json'))
  })

  test('every sources key leads back to its value (valueAtKeyPath), and key paths round-trip', async () => {
    const dir = tempProject({
      'mmm.config.json': { plugins: ['a', ['b', {}]], prompts: { 'a.b': 'x', 'q"[1]': 'y' }, grants: { g: { claude: true } } },
    })
    const r = await load(dir)
    for (const key of Object.keys(r.sources)) expect(valueAtKeyPath(r.config, key), key).not.toBeUndefined()
    expect(valueAtKeyPath(r.config, 'prompts["q\\"[1]"]')).toBe('y')
    expect(valueAtKeyPath(r.config, 'plugins[1].use')).toBe('b')
    for (const segments of [['a'], ['plugins', 2, 'use'], ['prompts', 'a.b', 'c'], ['x', 'q"[1]'], ['grants', '@s/p-x', 'fs', 'read', 0]]) {
      expect(parseKeyPath(formatKeyPath(segments))).toEqual(segments)
    }
  })
})

describe('a plugin package inside a project', () => {
  test("its package.json \"mmm\" manifest is not taken for a config; the search goes on upward", async () => {
    const dir = tempProject({
      'mmm.config.json': { sandbox: { memoryLimitMb: 64 } },
      'plugins/p/package.json': { name: 'mmm-plugin-p', mmm: { entry: 'dist/plugin.js', permissions: {} } },
    })
    const r = await loadConfig({ cwd: path.join(dir, 'plugins/p'), env: {}, userConfigDir: false })
    expect(r.filepath).toBe(path.join(dir, 'mmm.config.json'))
    expect(r.config.sandbox.memoryLimitMb).toBe(64)
  })
})
