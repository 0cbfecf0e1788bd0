// First-party packages (@mmm/*) that a config names but the project has not installed resolve from where mmm
// itself is installed, as the zero-config preset does (zeroConfigLayer.ts): `presets: ['@mmm/preset-workflows']`
// works in any repository. A project's own copy is looked for first, so a pinned version wins.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where mmm's own node_modules are found from (walking up): kernel/src/config, or kernel/dist/chunks when built. */
export const MMM_INSTALL_DIR = path.dirname(fileURLToPath(import.meta.url))

/** `find(baseDir)`, then, for a first-party name only, `find` from mmm's install: the first answer. */
export function findFirstParty<T>(specifier: string, baseDir: string, find: (dir: string) => T | undefined): T | undefined {
  return find(baseDir) ?? (specifier.startsWith('@mmm/') ? find(MMM_INSTALL_DIR) : undefined)
}
