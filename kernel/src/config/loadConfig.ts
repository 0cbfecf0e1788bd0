import path from 'node:path'
import { errors } from '../errors.ts'
import { configDefaults } from './configDefaults.ts'
import { envOverrides } from './envOverrides.ts'
import { findProjectConfig } from './findProjectConfig.ts'
import { findUserConfig } from './findUserConfig.ts'
import { layerSourceOf, mergeLayers, type ConfigLayer } from './mergeLayers.ts'
import { resolvePresets, type AppliedPresets } from './resolvePresets.ts'
import type { ConfigContext, LoadConfigOptions, MmmConfig, ResolvedConfig } from './types.ts'
import { sourceFromMap, validateConfig } from './validateConfig.ts'
import { zeroConfigLayer } from './zeroConfigLayer.ts'

/**
 * Finds, loads, validates and merges the config, lowest layer first:
 * defaults < presets (nested first, in order) < user-global config < project config < MMM_* env < overrides (CLI).
 * Throws MMM_CONFIG_LOAD_FAILED, MMM_BAD_CONFIG or MMM_PRESET_NOT_FOUND (exit code 2) with one clear message.
 */
export async function loadConfig(opts: LoadConfigOptions): Promise<ResolvedConfig> {
  const cwd = path.resolve(opts.cwd)
  const context: ConfigContext = { cwd, env: opts.env ?? process.env }

  const user = await findUserConfig({ ...context, userConfigDir: opts.userConfigDir })
  const project = await findProjectConfig({ ...context, configFile: opts.configFile })
  const root = project?.root ?? cwd

  const named: ConfigLayer[] = []
  if (user) named.push(checked(user.value, { source: `user:${user.filepath}`, baseDir: path.dirname(user.filepath) }))
  if (project) named.push(checked(project.value, { source: project.filepath, baseDir: path.dirname(project.filepath) }))
  const env = envOverrides(context.env, cwd)
  const cli = opts.overrides ? checked(opts.overrides, { source: 'cli', baseDir: cwd }) : undefined
  if (!user && !project && opts.overrides?.plugins === undefined && opts.overrides?.presets === undefined) {
    const zero = zeroConfigLayer(cwd)
    if (zero) named.push(zero)
  }
  validateConfig(env.config, (key) => layerSourceOf(env, key))

  const applied: AppliedPresets = new Set()
  const presetLayers: ConfigLayer[] = []
  for (const layer of cli ? [...named, cli] : named) {
    const label = layer.source === 'cli' ? 'the command line' : layer.source.replace(/^user:/, '')
    presetLayers.push(...(await resolvePresets(layer.config.presets, { baseDir: layer.baseDir, label }, context, applied)))
  }

  // A preset comes from a package the user did not review line by line: it may suggest plugins but
  // never approve their permissions. Grants belong to the user's own config.
  for (const p of presetLayers) {
    if (p.config.grants !== undefined) throw errors.badConfig('grants', p.config.grants, 'no grants in a preset (approve plugins in your own mmm.config or with --yes)', p.source)
  }

  const defaults: ConfigLayer = { source: 'default', baseDir: cwd, config: configDefaults() }
  const layers = [defaults, ...presetLayers, ...named, env, ...(cli ? [cli] : [])]
  const merged = mergeLayers(layers)
  validateConfig(merged.config, (key) => sourceFromMap(merged.sources, key))

  const resolved: ResolvedConfig = { root, config: merged.config, plugins: merged.plugins, sources: merged.sources }
  if (project) resolved.filepath = project.filepath
  return resolved
}

/** Validates a layer as written, naming its file in any error, and makes it a layer. */
function checked(value: unknown, layer: Omit<ConfigLayer, 'config'>): ConfigLayer {
  validateConfig(value, () => layer.source)
  return { ...layer, config: value as MmmConfig }
}
