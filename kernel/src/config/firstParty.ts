// First-party packages (@mmm/*) that a config names but the project has not installed resolve from where mmm
// itself is installed, as the zero-config preset does (zeroConfigLayer.ts): `presets: ['@mmm/preset-workflows']`
// works in any repository. A project's own copy is looked for first, so a pinned version wins.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where mmm's own node_modules are found from (walking up): kernel/src/config, or kernel/dist/chunks when built. */
export const MMM_INSTALL_DIR = path.dirname(fileURLToPath(import.meta.url))

/** The directories to resolve `specifier` from, in order: the config's own, then mmm's for a first-party name. */
export function resolveDirs(specifier: string, baseDir: string): string[] {
  return specifier.startsWith('@mmm/') ? [baseDir, MMM_INSTALL_DIR] : [baseDir]
}
