// `cd any-repo && mmm improve` with no configuration: when neither a project nor a user-global config exists
// (and the caller did not name plugins or presets itself), the recommended preset is used — resolved from the
// project first (a pinned version wins), else from where mmm itself is installed.
import { findFirstParty } from './firstParty.ts'
import type { ConfigLayer } from './mergeLayers.ts'
import { resolveModule } from './resolveModule.ts'

export const ZERO_CONFIG_PRESET = '@mmm/preset-recommended'

export function zeroConfigLayer(cwd: string): ConfigLayer | undefined {
  const baseDir = findFirstParty(ZERO_CONFIG_PRESET, cwd, (dir) => (resolveModule(ZERO_CONFIG_PRESET, dir) ? dir : undefined))
  return baseDir === undefined ? undefined : { source: `default (no mmm.config found: ${ZERO_CONFIG_PRESET})`, baseDir, config: { presets: [ZERO_CONFIG_PRESET] } }
}
