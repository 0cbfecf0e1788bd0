// Finds a plugin named in the config (npm package, directory, or single .js file) and reads its manifest.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path'
import semver from 'semver'
import type { NormalizedPlugin, Permissions } from '../config/types.ts'
import { findFirstParty } from '../config/firstParty.ts'
import { errors } from '../errors.ts'

/** The plugin API version this kernel implements (a manifest's "kernel" range is checked against it). */
export const KERNEL_API_VERSION = '1.0.0'
const NAME_RE = /^[a-z][a-z0-9-]{0,63}$/

export interface ResolvedPlugin {
  name: string
  version: string
  /** Package directory, or the directory of a single-file plugin. */
  dir: string
  entryPath: string
  code: string
  sha256: string
  requested: Permissions
  options: Record<string, unknown>
  sandbox: 'on' | 'off'
  source: string
  specifier: string
  /** Isolate memory the manifest asks for ("mmm.memoryLimitMb"), when more than the default is needed. */
  memoryLimitMb?: number
}

interface PackageJson {
  name?: string
  version?: string
  mmm?: { name?: string; entry?: string; kernel?: string; permissions?: Permissions; cachedData?: unknown; memoryLimitMb?: unknown }
}

export function resolvePlugin(entry: NormalizedPlugin): ResolvedPlugin {
  const { specifier } = entry
  const local = specifier.startsWith('.') || isAbsolute(specifier)
  const target = local ? resolve(entry.baseDir, specifier) : findFirstParty(specifier, entry.baseDir, (dir) => findPackageDir(specifier, dir))
  if (!target || !existsSync(target)) throw errors.pluginNotFound(specifier, entry.source)
  if (statSync(target).isFile()) return fromFile(target, entry)
  return fromPackage(target, entry)
}

function fromFile(file: string, entry: NormalizedPlugin): ResolvedPlugin {
  if (!['.js', '.mjs'].includes(extname(file))) throw errors.badManifest(entry.specifier, `a single-file plugin must be a bundled .js or .mjs file, not ${basename(file)}`)
  const name = basename(file, extname(file)).replace(/^mmm-plugin-/, '')
  if (!NAME_RE.test(name)) throw errors.badManifest(name, `the file name must be the plugin name (lower-case letters, digits, dashes): ${basename(file)}`)
  const code = readFileSync(file, 'utf8')
  return { name, version: '0.0.0', dir: dirname(file), entryPath: file, code, sha256: sha256(code), requested: entry.permissions ?? {}, options: entry.options, sandbox: entry.sandbox, source: entry.source, specifier: entry.specifier }
}

function fromPackage(dir: string, entry: NormalizedPlugin): ResolvedPlugin {
  const pkgPath = join(dir, 'package.json')
  if (!existsSync(pkgPath)) throw errors.badManifest(entry.specifier, `${dir} has no package.json`)
  let pkg: PackageJson
  try {
    pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as PackageJson
  } catch (e) {
    throw errors.badManifest(entry.specifier, `${pkgPath} is not valid JSON (${e instanceof Error ? e.message : String(e)})`)
  }
  const m = pkg.mmm
  if (!m || typeof m !== 'object') throw errors.badManifest(entry.specifier, `package.json has no "mmm" field; see docs/plugins.md for the manifest`)
  const name = m.name ?? pluginNameFromPackage(pkg.name ?? basename(dir))
  if (!NAME_RE.test(name)) throw errors.badManifest(entry.specifier, `plugin name ${JSON.stringify(name)} must be lower-case letters, digits and dashes (set "mmm.name")`)
  if (typeof m.entry !== 'string' || m.entry.length === 0) throw errors.badManifest(name, `"mmm.entry" must name the bundled ES module, e.g. "dist/plugin.js"`)
  if (m.kernel !== undefined && (typeof m.kernel !== 'string' || !semver.validRange(m.kernel))) throw errors.badManifest(name, `"mmm.kernel" must be a semver range such as "^1", not ${JSON.stringify(m.kernel)}`)
  if (m.kernel !== undefined && !semver.satisfies(KERNEL_API_VERSION, m.kernel)) throw errors.badManifest(name, `needs kernel API ${m.kernel}, this mmm implements ${KERNEL_API_VERSION}; upgrade mmm or use a matching plugin version`)
  if (m.permissions !== undefined && (typeof m.permissions !== 'object' || m.permissions === null || Array.isArray(m.permissions))) throw errors.badManifest(name, `"mmm.permissions" must be an object`)
  if (m.memoryLimitMb !== undefined && !(Number.isInteger(m.memoryLimitMb) && (m.memoryLimitMb as number) >= 16 && (m.memoryLimitMb as number) <= 4096)) {
    throw errors.badManifest(name, `"mmm.memoryLimitMb" must be a whole number of MB from 16 to 4096, not ${JSON.stringify(m.memoryLimitMb)}`)
  }
  const entryPath = resolve(dir, m.entry)
  if (!entryPath.startsWith(dir)) throw errors.badManifest(name, `"mmm.entry" points outside the package`)
  if (!existsSync(entryPath)) throw errors.badManifest(name, `its entry ${m.entry} does not exist; build it first (pnpm build, or mmm plugin build in ${dir})`)
  if (entry.permissions) throw errors.badManifest(name, `permissions of a packaged plugin come from its package.json; remove "permissions" from its config entry`)
  const code = readFileSync(entryPath, 'utf8')
  return { name, version: pkg.version ?? '0.0.0', dir, entryPath, code, sha256: sha256(code), requested: m.permissions ?? {}, options: entry.options, sandbox: entry.sandbox, source: entry.source, specifier: entry.specifier, ...(typeof m.memoryLimitMb === 'number' ? { memoryLimitMb: m.memoryLimitMb } : {}) }
}

/** '@mmm/plugin-analyzer' → 'analyzer', 'mmm-plugin-slack' → 'slack'. */
export function pluginNameFromPackage(pkgName: string): string {
  return pkgName.replace(/^@[^/]+\//, '').replace(/^(mmm-)?plugin-/, '')
}

function findPackageDir(spec: string, from: string): string | undefined {
  let dir = from
  for (;;) {
    const candidate = join(dir, 'node_modules', spec)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    const up = dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
