// Adds or removes a plugin in the project's config file when it is data (JSON, YAML, package.json#mmm);
// a config written in code (mmm.config.ts/.js) is never rewritten: the caller prints what to add.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { MmmError } from '../errors.ts'

export type ConfigEdit = { file: string; changed: boolean } | { file: string; manual: string }

export async function editConfigPlugins(root: string, configFile: string | undefined, specifier: string, op: 'add' | 'remove'): Promise<ConfigEdit> {
  const file = configFile ?? join(root, 'mmm.config.json')
  const ext = extname(file)
  if (['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].includes(ext)) {
    return { file, manual: op === 'add' ? `add '${specifier}' to "plugins" in ${basename(file)}` : `remove '${specifier}' from "plugins" in ${basename(file)}` }
  }
  const isYaml = ext === '.yaml' || ext === '.yml' || (basename(file) === '.mmmrc' && !readFileSync(file, 'utf8').trimStart().startsWith('{'))
  const { parse, stringify } = isYaml ? await import('yaml') : { parse: JSON.parse as (s: string) => unknown, stringify: (v: unknown) => `${JSON.stringify(v, null, 2)}\n` }
  const doc = (existsSync(file) ? parse(readFileSync(file, 'utf8')) : {}) as Record<string, unknown> | null
  if (!doc || typeof doc !== 'object') throw new MmmError('MMM_BAD_CONFIG', `${file} does not hold an object; fix it first`)
  const target = basename(file) === 'package.json' ? ((doc.mmm ??= {}) as Record<string, unknown>) : doc
  const plugins = Array.isArray(target.plugins) ? (target.plugins as unknown[]) : []
  const named = (e: unknown) => (typeof e === 'string' ? e : Array.isArray(e) ? e[0] : (e as { use?: unknown })?.use) === specifier
  const has = plugins.some(named)
  if ((op === 'add' && has) || (op === 'remove' && !has)) return { file, changed: false }
  target.plugins = op === 'add' ? [...plugins, specifier] : plugins.filter((e) => !named(e))
  writeFileSync(file, stringify(doc))
  return { file, changed: true }
}
