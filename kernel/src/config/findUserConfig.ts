import os from 'node:os'
import path from 'node:path'
import { createConfigExplorer, type FoundConfig } from './configExplorer.ts'
import type { ConfigContext } from './types.ts'

/** The user-global config files, first found wins: <dir>/mmm/config.<ext>. */
export const USER_CONFIG_PLACES: readonly string[] = Object.freeze([
  'config.json', 'config.yaml', 'config.yml', 'config.ts', 'config.mts', 'config.js', 'config.mjs', 'config.cjs',
])

/**
 * The user-global config in `${userConfigDir ?? $XDG_CONFIG_HOME ?? ~/.config}/mmm/`; `userConfigDir: false`
 * disables it. It sits under the project config and over presets.
 */
export async function findUserConfig(opts: { userConfigDir?: string | false | undefined } & ConfigContext): Promise<FoundConfig | null> {
  if (opts.userConfigDir === false) return null
  const base = opts.userConfigDir ?? (opts.env.XDG_CONFIG_HOME || path.join(opts.env.HOME || os.homedir(), '.config'))
  const explorer = createConfigExplorer([...USER_CONFIG_PLACES], { cwd: opts.cwd, env: opts.env })
  return explorer.search(path.join(path.resolve(opts.cwd, base), 'mmm'))
}
