// The config types users and plugin authors write against.
import { describe, expect, expectTypeOf, test } from 'vitest'
import { defineConfig, definePreset } from '../src/config/defineConfig.ts'
import type { loadConfig } from '../src/config/loadConfig.ts'
import type { MmmConfig, NormalizedPlugin, Permissions, PluginEntry, Preset, ResolvedConfig } from '../src/config/types.ts'

describe('defineConfig / definePreset', () => {
  test('are identities typed MmmConfig -> MmmConfig and Preset -> Preset', () => {
    expectTypeOf(defineConfig).toEqualTypeOf<(config: MmmConfig) => MmmConfig>()
    expectTypeOf(definePreset).toEqualTypeOf<(preset: Preset) => Preset>()
    const config = defineConfig({
      presets: ['@mmm/preset-recommended', definePreset({ name: 'inline', plugins: ['x'] })],
      plugins: [['@mmm/plugin-loop', { target: 8.5 }], './tools/my-plugin', { use: 'y', sandbox: 'off', permissions: { net: ['a.com'] } }],
      claude: { provider: 'api', model: 'm', tasks: { review: 'r' }, budget: { tokensPerRun: 400_000 } },
      grants: { 'mmm-plugin-slack': { net: ['hooks.slack.com'], claude: { maxTokensPerCall: 1000 } } },
      state: { url: 'sqlite://.mmm/state.db' },
    })
    expectTypeOf(config.plugins).toEqualTypeOf<PluginEntry[] | undefined>()
  })

  test('wrong shapes do not compile', () => {
    // @ts-expect-error -- sandbox is 'on' | 'off'
    defineConfig({ plugins: [{ use: 'x', sandbox: 'maybe' }] })
    // @ts-expect-error -- options are an object
    defineConfig({ plugins: [['x', 5]] })
    // @ts-expect-error -- provider is 'auto' | 'api' | 'claude-code'
    defineConfig({ claude: { provider: 'openai' } })
    // @ts-expect-error -- fs.read is a list of globs
    defineConfig({ grants: { x: { fs: { read: 'src/**' } } } })
    // @ts-expect-error -- memoryLimitMb is a number
    defineConfig({ sandbox: { memoryLimitMb: '128' } })
    // @ts-expect-error -- a preset has no "grants" of its own; they go under config
    definePreset({ grants: {} })
  })
})

describe('resolved config', () => {
  test('loadConfig resolves to a ResolvedConfig whose defaulted sections are required', () => {
    expectTypeOf<typeof loadConfig>().returns.toEqualTypeOf<Promise<ResolvedConfig>>()
    expectTypeOf<ResolvedConfig['config']['state']>().toEqualTypeOf<{ url?: string }>()
    expectTypeOf<ResolvedConfig['config']['grants']>().toEqualTypeOf<Record<string, Permissions>>()
    expectTypeOf<ResolvedConfig['plugins']>().toEqualTypeOf<NormalizedPlugin[]>()
    expectTypeOf<NormalizedPlugin['sandbox']>().toEqualTypeOf<'on' | 'off'>()
    expectTypeOf<ResolvedConfig['sources']>().toEqualTypeOf<Record<string, string>>()
  })
})

describe('config validators', () => {
  test('are the build-time generated ones when the build matches the schemas', async () => {
    const { existsSync } = await import('node:fs')
    const { loadConfigValidators } = await import('../src/config/loadConfigValidators.ts')
    const { CONFIG_SCHEMA, PRESET_SCHEMA } = await import('../src/config/configSchema.ts')
    const v = loadConfigValidators(CONFIG_SCHEMA, PRESET_SCHEMA)
    const mod = await import('../src/config/loadConfigValidators.ts')
    const built = existsSync(new URL('../dist/configValidators.cjs', import.meta.url))
    expect(mod.configValidatorSource).toBe(built ? 'precompiled' : 'compiled')
    expect(v.config({ plugins: [] })).toBe(true)
    expect(v.config({ plugins: 5 })).toBe(false)
    // A schema the build did not see is compiled now.
    loadConfigValidators({ ...CONFIG_SCHEMA, title: 'changed' }, PRESET_SCHEMA)
    expect(mod.configValidatorSource).toBe('compiled')
  })
})
