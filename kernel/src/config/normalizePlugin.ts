import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { NormalizedPlugin, PluginEntry } from './types.ts'

/**
 * Folds one "plugins" entry into the plugin an earlier layer named with the same specifier, if any:
 * options, permissions and sandbox the entry states replace the earlier ones (a bare name keeps them),
 * the source becomes this layer, and specifier + baseDir stay as first named (so they keep resolving together).
 */
export function normalizePlugin(entry: PluginEntry, baseDir: string, source: string, previous?: NormalizedPlugin): NormalizedPlugin {
  const stated = statedParts(entry)
  const plugin: NormalizedPlugin = {
    specifier: previous?.specifier ?? stated.specifier,
    options: { ...(stated.options ?? previous?.options ?? {}) },
    sandbox: stated.sandbox ?? previous?.sandbox ?? 'on',
    baseDir: previous?.baseDir ?? baseDir,
    source,
  }
  const permissions = stated.permissions ?? previous?.permissions
  if (permissions) plugin.permissions = permissions
  return plugin
}

/** The identity plugins are deduplicated by: the package name, or the absolute path of a relative/absolute specifier. */
export function pluginKey(entry: PluginEntry, baseDir: string): string {
  const specifier = statedParts(entry).specifier
  if (specifier.startsWith('file:')) return fileURLToPath(specifier)
  return isPathSpecifier(specifier) ? path.resolve(baseDir, specifier) : specifier
}

/** True for './x', '../x', '/abs/x', 'C:\\x' and 'file:' URLs; false for package names. */
export function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('file:') || path.isAbsolute(specifier)
}

function statedParts(entry: PluginEntry): Omit<Partial<NormalizedPlugin>, 'specifier'> & { specifier: string } {
  if (typeof entry === 'string') return { specifier: entry }
  if (Array.isArray(entry)) return { specifier: entry[0], options: entry[1] }
  const out: ReturnType<typeof statedParts> = { specifier: entry.use }
  if (entry.options) out.options = entry.options
  if (entry.permissions) out.permissions = entry.permissions
  if (entry.sandbox) out.sandbox = entry.sandbox
  return out
}
