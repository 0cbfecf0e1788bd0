// Malformed configs: each gives ONE clear, one-line error naming the key, the value, what was expected and
// the file (or preset, env variable, user config, command line) it came from. Exit code 2 for all of them.
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { MmmError } from '../src/errors.ts'
import { loadConfig } from '../src/config/loadConfig.ts'
import type { LoadConfigOptions } from '../src/config/types.ts'
import { removeTempProjects, tempProject } from './fixtures/config/tempProject.ts'

afterAll(removeTempProjects)

async function failure(files: Record<string, string | object>, more: Partial<LoadConfigOptions> = {}): Promise<{ error: MmmError; dir: string }> {
  const dir = tempProject(files)
  const error = await loadConfig({ cwd: dir, env: {}, userConfigDir: false, ...more }).then(
    () => { throw new Error('expected loadConfig to fail') },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(MmmError)
  const e = error as MmmError
  expect(e.exitCode).toBe(2)
  expect(e.message).not.toContain('\n')
  return { error: e, dir }
}

/** The details errors.badConfig records, for precise assertions. */
function details(e: MmmError) {
  expect(e.code).toBe('MMM_BAD_CONFIG')
  return e.details as { key: string; value: unknown; expected: string; source?: string }
}

describe('files that do not load', () => {
  test('a config that throws', async () => {
    const { error, dir } = await failure({ 'mmm.config.ts': `throw new Error('no API key here')\n` })
    expect(error.code).toBe('MMM_CONFIG_LOAD_FAILED')
    expect(error.message).toContain(path.join(dir, 'mmm.config.ts'))
    expect(error.message).toContain('no API key here')
  })

  test('a config function that rejects', async () => {
    const { error } = await failure({ 'mmm.config.mjs': `export default async () => { throw new Error('async boom') }\n` })
    expect(error.code).toBe('MMM_CONFIG_LOAD_FAILED')
    expect(error.message).toContain('async boom')
  })

  test('a TypeScript syntax error', async () => {
    const { error, dir } = await failure({ 'mmm.config.ts': `export default {\n` })
    expect(error.code).toBe('MMM_CONFIG_LOAD_FAILED')
    expect(error.message).toContain(path.join(dir, 'mmm.config.ts'))
  })

  test('invalid JSON', async () => {
    const { error, dir } = await failure({ '.mmmrc.json': '{ "plugins": [ }' })
    expect(error.code).toBe('MMM_CONFIG_LOAD_FAILED')
    expect(error.message).toMatch(new RegExp(`^could not load ${escape(path.join(dir, '.mmmrc.json'))}: SyntaxError: `))
  })

  test('invalid YAML', async () => {
    const { error, dir } = await failure({ 'mmm.config.yaml': 'plugins:\n  - a\n bad: [\n' })
    expect(error.code).toBe('MMM_CONFIG_LOAD_FAILED')
    expect(error.message).toContain(path.join(dir, 'mmm.config.yaml'))
    expect(error.message).toContain('YAMLException')
  })

  test('a --config file that does not exist', async () => {
    const { error } = await failure({}, { configFile: 'nope.json' })
    expect(error.code).toBe('MMM_CONFIG_LOAD_FAILED')
    expect(error.message).toContain('nope.json')
  })
})

describe('not an object', () => {
  test.each([
    ['mmm.config.ts', 'export default 42\n', 42],
    ['mmm.config.js', 'export default [{ plugins: [] }]\n', [{ plugins: [] }]],
    ['mmm.config.mjs', 'export default null\n', null],
    ['mmm.config.ts', 'export const plugins = []\n', undefined],
    ['.mmmrc.json', '"just a string"', 'just a string'],
    ['package.json', { mmm: ['x'] }, ['x']],
  ])('%s: %j', async (name, content, value) => {
    const { error, dir } = await failure({ [name]: content })
    expect(details(error)).toEqual({ key: '(root)', value, expected: 'an object (export default defineConfig({ ... }))', source: path.join(dir, name) })
    expect(error.message).toContain(path.join(dir, name))
  })
})

describe('wrong values', () => {
  test('a string memory limit', async () => {
    const { error, dir } = await failure({ 'mmm.config.json': { sandbox: { memoryLimitMb: '128' } } })
    expect(details(error)).toEqual({
      key: 'sandbox.memoryLimitMb', value: '128', expected: 'an integer number of megabytes, at least 8', source: path.join(dir, 'mmm.config.json'),
    })
    expect(error.message).toBe(`config key "sandbox.memoryLimitMb" (from ${path.join(dir, 'mmm.config.json')}) is "128"; expected an integer number of megabytes, at least 8`)
  })

  test('a negative memory limit', async () => {
    const { error } = await failure({ 'mmm.config.ts': 'export default { sandbox: { memoryLimitMb: -64 } }\n' })
    expect(details(error)).toMatchObject({ key: 'sandbox.memoryLimitMb', value: -64 })
  })

  test('state.url that is not a string, and one that is not a URL', async () => {
    expect(details((await failure({ '.mmmrc.yaml': 'state:\n  url: 42\n' })).error)).toMatchObject({ key: 'state.url', value: 42 })
    expect(details((await failure({ '.mmmrc.yaml': 'state:\n  url: state.db\n' })).error)).toMatchObject({
      key: 'state.url', value: 'state.db', expected: expect.stringContaining('sqlite://') as unknown as string,
    })
  })

  test('an unknown claude provider', async () => {
    expect(details((await failure({ '.mmmrc.json': { claude: { provider: 'openai' } } })).error)).toMatchObject({
      key: 'claude.provider', value: 'openai', expected: '"auto", "api" or "claude-code"',
    })
  })

  test('a non-integer token budget', async () => {
    expect(details((await failure({ '.mmmrc.json': { claude: { budget: { tokensPerRun: 1.5 } } } })).error)).toMatchObject({
      key: 'claude.budget.tokensPerRun', value: 1.5,
    })
  })

  test('presets that are not a list', async () => {
    expect(details((await failure({ '.mmmrc.json': { presets: 'recommended' } })).error)).toMatchObject({
      key: 'presets', value: 'recommended', expected: 'an array of preset names, paths or preset objects',
    })
  })
})

describe('unknown keys', () => {
  test('a top-level typo gets a did-you-mean', async () => {
    const { error } = await failure({ 'mmm.config.ts': `export default { plugin: ['@mmm/plugin-loop'] }\n` })
    expect(details(error)).toMatchObject({ key: 'plugin', value: ['@mmm/plugin-loop'], expected: 'one of the known keys (did you mean "plugins"?)' })
    expect(error.message).toContain('did you mean "plugins"?')
  })

  test('a nested typo gets a did-you-mean', async () => {
    expect(details((await failure({ '.mmmrc.json': { sandbox: { memoryLimitMB: 64 } } })).error)).toMatchObject({
      key: 'sandbox.memoryLimitMb'.replace('Mb', 'MB'), expected: 'one of the known keys (did you mean "memoryLimitMb"?)',
    })
  })

  test('a key far from any lists the known ones', async () => {
    const e = details((await failure({ '.mmmrc.json': { telemetry: true } })).error)
    expect(e.key).toBe('telemetry')
    expect(e.expected).toMatch(/^one of the known keys: "presets", "plugins", "claude", .*"prompts"$/)
  })
})

describe('plugin entries', () => {
  test.each([
    [[42], 'plugins[0]', 42, /^a plugin entry: "name", \["name", \{ \.\.\.options \}\] or \{ use: "name"/],
    [['a', 'b', ''], 'plugins[2]', '', /^a plugin entry/],
    [[['only-name']], 'plugins[0]', ['only-name'], /^a plugin entry/],
    [[['x', {}, {}]], 'plugins[0]', ['x', {}, {}], /^a plugin entry/],
    [[['x', 5]], 'plugins[0][1]', 5, /^an options object$/],
    [[[7, {}]], 'plugins[0][0]', 7, /^a plugin module name or path$/],
    [[{ options: {} }], 'plugins[0].use', undefined, /^a plugin module name or path$/],
    [[{ use: 'x', sandbox: 'maybe' }], 'plugins[0].sandbox', 'maybe', /^"on" or "off"$/],
    [[{ use: 'x', option: {} }], 'plugins[0].option', {}, /did you mean "options"/],
    [[{ use: 'x', permissions: { net: 'example.com' } }], 'plugins[0].permissions.net', 'example.com', /^an array of host names$/],
  ])('%j -> %s', async (plugins, key, value, expected) => {
    const { error, dir } = await failure({ 'mmm.config.json': { plugins } })
    const d = details(error)
    expect(d).toMatchObject({ key, value, source: path.join(dir, 'mmm.config.json') })
    expect(d.expected).toMatch(expected)
  })

  test('a bad entry in a preset names the preset', async () => {
    const { error, dir } = await failure({ 'p.ts': `export default { name: 'team', plugins: [{ use: 1 }] }\n`, '.mmmrc.json': { presets: ['./p.ts'] } })
    expect(details(error)).toMatchObject({ key: 'plugins[0].use', value: 1, source: `preset:./p.ts (${path.join(dir, 'p.ts')})` })
  })
})

describe('grants', () => {
  test.each([
    [{ x: { fs: { read: 'src/**' } } }, 'grants.x.fs.read', 'src/**', 'an array of glob patterns'],
    [{ x: { net: [443] } }, 'grants.x.net[0]', 443, 'a non-empty string (one of the host names)'],
    [{ x: { claude: 'yes' } }, 'grants.x.claude', 'yes', 'true, false or { maxTokensPerCall: number }'],
    [{ x: { claude: { maxTokensPerCall: 0 } } }, 'grants.x.claude.maxTokensPerCall', 0, 'a positive integer number of tokens'],
    [{ x: { fss: { read: [] } } }, 'grants.x.fss', { read: [] }, 'one of the known keys (did you mean "fs"?)'],
    [{ x: ['net'] }, 'grants.x', ['net'], 'a permissions object { fs?, exec?, net?, claude?, tools?, env? }'],
    [{ '@scope/p': { exec: 'git' } }, 'grants.@scope/p.exec', 'git', 'an array of command names'],
  ])('%j -> %s', async (grants, key, value, expected) => {
    expect(details((await failure({ 'mmm.config.json': { grants } })).error)).toMatchObject({ key, value, expected })
  })
})

describe('env, user and command-line layers', () => {
  test('a non-number env override names the variable', async () => {
    const { error } = await failure({}, { env: { MMM_SANDBOX_MEMORY_LIMIT_MB: 'lots' } })
    expect(details(error)).toEqual({ key: 'sandbox.memoryLimitMb', value: 'lots', expected: 'a number', source: 'env:MMM_SANDBOX_MEMORY_LIMIT_MB' })
    expect(error.message).toContain('(from env:MMM_SANDBOX_MEMORY_LIMIT_MB)')
  })

  test('a number that breaks the schema names the variable', async () => {
    expect(details((await failure({}, { env: { MMM_SANDBOX_CALL_TIMEOUT_MS: '-1' } })).error)).toMatchObject({
      key: 'sandbox.callTimeoutMs', value: -1, source: 'env:MMM_SANDBOX_CALL_TIMEOUT_MS',
    })
    expect(details((await failure({}, { env: { MMM_CLAUDE_PROVIDER: 'openai' } })).error)).toMatchObject({
      key: 'claude.provider', source: 'env:MMM_CLAUDE_PROVIDER',
    })
  })

  test('a bad user-global config names it as user:<file>', async () => {
    const user = tempProject({ 'mmm/config.yaml': 'sandbox:\n  callTimeoutMs: soon\n' })
    const { error } = await failure({}, { userConfigDir: user })
    expect(details(error)).toMatchObject({ key: 'sandbox.callTimeoutMs', source: `user:${path.join(user, 'mmm/config.yaml')}` })
  })

  test('bad overrides name the command line', async () => {
    // @ts-expect-error -- the types catch it too; the CLI builds overrides from strings
    const { error } = await failure({}, { overrides: { mcp: { tools: 'all' } } })
    expect(details(error)).toMatchObject({ key: 'mcp.tools', value: 'all', source: 'cli' })
  })
})

describe('presets', () => {
  test('a preset that is not installed', async () => {
    const { error, dir } = await failure({ 'mmm.config.ts': `export default { presets: ['@mmm/preset-nope'] }\n` })
    expect(error.code).toBe('MMM_PRESET_NOT_FOUND')
    expect(error.message).toContain('"@mmm/preset-nope"')
    expect(error.message).toContain(path.join(dir, 'mmm.config.ts'))
  })

  test('a relative preset path that does not exist, named from the preset that asks', async () => {
    const { error, dir } = await failure({ 'a.ts': `export default { presets: ['./missing.ts'] }\n`, '.mmmrc.json': { presets: ['./a.ts'] } })
    expect(error.code).toBe('MMM_PRESET_NOT_FOUND')
    expect(error.message).toContain(`"./missing.ts" was not found from ${path.join(dir, 'a.ts')}`)
  })

  test('a cycle a -> b -> a', async () => {
    const { error } = await failure({
      'a.ts': `export default { presets: ['./b.ts'] }\n`,
      'b.ts': `export default { presets: ['./a.ts'] }\n`,
      '.mmmrc.json': { presets: ['./a.ts'] },
    })
    expect(details(error)).toMatchObject({ key: 'presets', value: './a.ts -> ./b.ts -> ./a.ts', expected: 'presets that do not include each other in a cycle' })
  })

  test('a preset that includes itself', async () => {
    const { error } = await failure({ 'self.ts': `export default { presets: ['./self.ts'] }\n`, '.mmmrc.json': { presets: ['./self.ts'] } })
    expect(details(error).value).toBe('./self.ts -> ./self.ts')
  })

  test('an inline preset object that includes itself', async () => {
    const { error } = await failure({
      'mmm.config.ts': `const p: { name: string; presets: unknown[] } = { name: 'loop', presets: [] }\np.presets.push(p)\nexport default { presets: [p] }\n`,
    })
    expect(details(error).value).toBe('loop -> loop')
  })

  test('a preset that throws', async () => {
    const { error, dir } = await failure({ 'p.ts': `throw new Error('preset boom')\n`, '.mmmrc.json': { presets: ['./p.ts'] } })
    expect(error.code).toBe('MMM_CONFIG_LOAD_FAILED')
    expect(error.message).toContain(path.join(dir, 'p.ts'))
    expect(error.message).toContain('preset boom')
  })

  test('a preset that is not an object', async () => {
    const { error, dir } = await failure({ 'p.ts': `export default 'strict'\n`, '.mmmrc.json': { presets: ['./p.ts'] } })
    expect(details(error)).toMatchObject({ key: '(root)', value: 'strict', source: `preset:./p.ts (${path.join(dir, 'p.ts')})` })
  })

  test('a preset with an unknown key', async () => {
    const { error } = await failure({ 'p.ts': `export default { workflow: ['x.yaml'] }\n`, '.mmmrc.json': { presets: ['./p.ts'] } })
    expect(details(error)).toMatchObject({ key: 'workflow', expected: 'one of the known keys (did you mean "workflows"?)' })
  })

  test('a bad value inside a preset\'s config', async () => {
    const { error } = await failure({ 'p.ts': `export default { config: { sandbox: { memoryLimitMb: 1 } } }\n`, '.mmmrc.json': { presets: ['./p.ts'] } })
    expect(details(error)).toMatchObject({ key: 'config.sandbox.memoryLimitMb', value: 1 })
  })
})

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
