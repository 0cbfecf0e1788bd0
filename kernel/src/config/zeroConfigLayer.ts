// `cd any-repo && mmm improve` with no configuration: when neither a project nor a user-global config exists
// (and the caller did not name plugins or presets itself), the recommended preset is used — resolved from the
// project first (a pinned version wins), else from where mmm itself is installed.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ConfigLayer } from './mergeLayers.ts'
import { resolveModule } from './resolveModule.ts'

export const ZERO_CONFIG_PRESET = '@mmm/preset-recommended'

export function zeroConfigLayer(cwd: string): ConfigLayer | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const baseDir of [cwd, here]) {
    if (resolveModule(ZERO_CONFIG_PRESET, baseDir)) return { source: `default (no mmm.config found: ${ZERO_CONFIG_PRESET})`, baseDir, config: { presets: [ZERO_CONFIG_PRESET] } }
  }
  return undefined
}
