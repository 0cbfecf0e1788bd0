import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createConfigExplorer, type FoundConfig } from './configExplorer.ts'
import type { ConfigContext } from './types.ts'

/** Where a project config may live, in order of precedence within one directory. */
export const PROJECT_CONFIG_PLACES: readonly string[] = Object.freeze([
  'mmm.config.ts', 'mmm.config.mts', 'mmm.config.js', 'mmm.config.mjs', 'mmm.config.cjs',
  'mmm.config.json', 'mmm.config.yaml', 'mmm.config.yml',
  '.mmmrc', '.mmmrc.json', '.mmmrc.yaml', '.mmmrc.yml', '.mmmrc.ts', '.mmmrc.js', '.mmmrc.mjs', '.mmmrc.cjs',
  '.config/mmmrc', '.config/mmmrc.json', '.config/mmmrc.yaml', '.config/mmmrc.yml',
  '.config/mmmrc.ts', '.config/mmmrc.js', '.config/mmmrc.mjs', '.config/mmmrc.cjs',
  'package.json',
])

export interface ProjectConfigFile extends FoundConfig {
  /** The project root the file belongs to (its dir; the parent of a `.config/` dir). */
  root: string
}

/**
 * The project config: `configFile` if given, else the first of PROJECT_CONFIG_PLACES found in cwd or a parent,
 * searching up to and including the git root (a dir with `.git`), else the home dir, else the filesystem root.
 * A package.json counts only when it has an "mmm" key.
 */
export async function findProjectConfig(opts: { cwd: string; configFile?: string | undefined } & ConfigContext): Promise<ProjectConfigFile | null> {
  const explorer = createConfigExplorer([...PROJECT_CONFIG_PLACES], { cwd: opts.cwd, env: opts.env })
  if (opts.configFile) {
    const found = await explorer.load(path.resolve(opts.cwd, opts.configFile))
    return { ...found, root: rootOf(found.filepath) }
  }
  const home = path.resolve(opts.env.HOME || os.homedir())
  for (let dir = path.resolve(opts.cwd); ; dir = path.dirname(dir)) {
    const found = await explorer.search(dir)
    if (found) return { ...found, root: rootOf(found.filepath) }
    if (dir === home || fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return null
  }
}

function rootOf(filepath: string): string {
  const dir = path.dirname(filepath)
  return path.basename(dir) === '.config' ? path.dirname(dir) : dir
}
