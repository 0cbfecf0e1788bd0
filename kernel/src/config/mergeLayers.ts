import { isPlainObject } from './isPlainObject.ts'
import { formatKeyPath } from './keyPath.ts'
import { normalizePlugin, pluginKey } from './normalizePlugin.ts'
import type { MmmConfig, NormalizedPlugin, PluginEntry, ResolvedConfig } from './types.ts'

/** One source of config values, lowest first: defaults, presets, user-global, project, env, CLI. */
export interface ConfigLayer {
  /** 'default' | 'preset:<name>' | '<abs file>' | 'user:<abs file>' | 'env' | 'cli' */
  source: string
  /** Directory its relative plugin specifiers are resolved from. */
  baseDir: string
  config: MmmConfig
  /** Per-key sources where one layer has several (the env layer: 'state.url' -> 'env:MMM_STATE_URL'). */
  keySources?: Record<string, string>
}

export interface MergedLayers {
  config: ResolvedConfig['config']
  plugins: NormalizedPlugin[]
  sources: Record<string, string>
}

/**
 * The one place config layers are merged. Later layers win: plain objects merge key by key, scalars and
 * arrays are replaced, except "plugins", which concatenate and dedupe by specifier (order of first
 * appearance, a later entry's options win). "presets" are consumed before this (see resolvePresets).
 */
export function mergeLayers(layers: readonly ConfigLayer[]): MergedLayers {
  let merged: Record<string, unknown> = {}
  const plugins = new Map<string, NormalizedPlugin>()
  for (const layer of layers) {
    const { presets: _presets, plugins: entries, ...rest } = layer.config
    merged = mergeValue(merged, rest) as Record<string, unknown>
    for (const entry of (entries ?? []) as PluginEntry[]) {
      const key = pluginKey(entry, layer.baseDir)
      const source = layerSourceOf(layer, 'plugins')
      plugins.set(key, normalizePlugin(entry, layer.baseDir, source, plugins.get(key)))
    }
  }
  const list = [...plugins.values()]
  const sources: Record<string, string> = {}
  recordSources(merged, [], layers, sources)
  if (list.length > 0) {
    merged.plugins = list.map(pluginEntryOf)
    list.forEach((p, i) => (sources[`plugins[${i}]`] = p.source))
  }
  return { config: merged as ResolvedConfig['config'], plugins: list, sources }
}

/** The source of a key path within one layer. */
export function layerSourceOf(layer: ConfigLayer, keyPath: string): string {
  return layer.keySources?.[keyPath] ?? layer.source
}

function mergeValue(base: unknown, over: unknown): unknown {
  if (over === undefined) return base
  if (!isPlainObject(over)) return copy(over)
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {}
  for (const [k, v] of Object.entries(over)) {
    if (k === '__proto__' || v === undefined) continue
    out[k] = mergeValue(out[k], v)
  }
  return out
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy)
  if (isPlainObject(value)) return mergeValue({}, value)
  return value
}

/** Every leaf of the merged config (scalar, array or empty object) gets the last layer that set it. */
function recordSources(value: unknown, path: string[], layers: readonly ConfigLayer[], out: Record<string, string>): void {
  if (isPlainObject(value) && (path.length === 0 || Object.keys(value).length > 0)) {
    for (const [k, v] of Object.entries(value)) recordSources(v, [...path, k], layers, out)
    return
  }
  const key = formatKeyPath(path)
  for (let i = layers.length - 1; i >= 0; i--) {
    if (valueAt(layers[i]!.config, path) !== undefined) {
      out[key] = layerSourceOf(layers[i]!, key)
      return
    }
  }
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value
  for (const k of path) {
    if (!isPlainObject(current)) return undefined
    current = current[k]
  }
  return current
}

function pluginEntryOf(p: NormalizedPlugin): PluginEntry {
  const entry: PluginEntry = { use: p.specifier, options: p.options }
  if (p.permissions) entry.permissions = p.permissions
  if (p.sandbox === 'off') entry.sandbox = 'off'
  return entry
}
