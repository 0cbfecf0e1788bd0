import path from 'node:path'
import { errors } from '../errors.ts'
import { importDefault } from './importDefault.ts'
import { loadFailed } from './loadFailed.ts'
import type { ConfigLayer } from './mergeLayers.ts'
import { findFirstParty } from './firstParty.ts'
import { resolveModule } from './resolveModule.ts'
import type { ConfigContext, Preset } from './types.ts'
import { validateConfig } from './validateConfig.ts'

/** Where a "presets" list was written: the dir its names resolve from and how errors name it. */
export interface PresetOrigin {
  baseDir: string
  label: string
}

/** State shared by every resolvePresets call of one load: presets already applied, by module path or object. */
export type AppliedPresets = Set<unknown>

/**
 * Turns a "presets" list into config layers, lowest first: for each preset, its nested presets (depth-first),
 * then its `config`, then its own plugins, workflows and prompts. A preset reached twice is applied once (at
 * its first place); a cycle is MMM_BAD_CONFIG; a name that does not resolve is MMM_PRESET_NOT_FOUND; a
 * module that throws is MMM_CONFIG_LOAD_FAILED.
 */
export async function resolvePresets(
  presets: readonly (string | Preset)[] | undefined,
  origin: PresetOrigin,
  context: ConfigContext,
  applied: AppliedPresets = new Set(),
  visiting: readonly { id: unknown; name: string }[] = [],
): Promise<ConfigLayer[]> {
  const layers: ConfigLayer[] = []
  for (const [i, item] of (presets ?? []).entries()) {
    const found = locatePreset(item, i, origin)
    const chain = [...visiting, { id: found.id, name: found.written }]
    if (visiting.some((v) => v.id === found.id)) {
      throw errors.badConfig('presets', chain.map((v) => v.name).join(' -> '), 'presets that do not include each other in a cycle', origin.label)
    }
    if (applied.has(found.id)) continue
    const value = found.file === undefined ? item : await importPreset(found.file, context)
    validateConfig(value, () => (found.file ? `preset:${found.written} (${found.file})` : `preset:${found.written}`), 'preset')
    const preset = value as Preset
    const source = `preset:${preset.name ?? found.written}`
    const nested = [...(preset.presets ?? []), ...(preset.config?.presets ?? [])]
    layers.push(...(await resolvePresets(nested, { baseDir: found.baseDir, label: found.file ?? origin.label }, context, applied, chain)))
    applied.add(found.id)
    if (preset.config) layers.push({ source, baseDir: found.baseDir, config: preset.config })
    const { plugins, workflows, prompts } = preset
    layers.push({ source, baseDir: found.baseDir, config: { plugins, workflows, prompts } })
  }
  return layers
}

interface FoundPreset {
  /** Identity for cycles and dedupe: the module's real path, or the object itself. */
  id: unknown
  /** How it was written, for sources and messages. */
  written: string
  baseDir: string
  /** The module file; undefined for an inline preset object. */
  file?: string
}

function locatePreset(item: string | Preset, index: number, origin: PresetOrigin): FoundPreset {
  if (typeof item !== 'string') {
    const written = typeof item?.name === 'string' ? item.name : `presets[${index}] of ${origin.label}`
    return { id: item, written, baseDir: origin.baseDir }
  }
  const file = findFirstParty(item, origin.baseDir, (dir) => resolveModule(item, dir))
  if (!file) throw errors.presetNotFound(item, origin.label)
  return { id: file, written: item, baseDir: path.dirname(file), file }
}

async function importPreset(file: string, context: ConfigContext): Promise<unknown> {
  try {
    return await importDefault(file, context)
  } catch (e) {
    throw loadFailed(e, file)
  }
}
