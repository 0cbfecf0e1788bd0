import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isPathSpecifier } from './normalizePlugin.ts'

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs']
const CONDITIONS = new Set(['import', 'node', 'module-sync', 'default'])

/**
 * Resolves a preset (or plugin) specifier the way `import` would from a file in `fromDir`: a relative or
 * absolute path (extension and /index optional), or a package in a node_modules dir of fromDir or a parent,
 * honouring its "exports" with the import conditions (so ESM-only packages resolve). Returns the real path
 * (pnpm symlinks followed, so the module's own dependencies resolve from its dir), or undefined.
 */
export function resolveModule(specifier: string, fromDir: string): string | undefined {
  let found: string | undefined
  if (specifier.startsWith('file:')) found = resolveFile(fileURLToPath(specifier))
  else if (isPathSpecifier(specifier)) found = resolveFile(path.resolve(fromDir, specifier))
  else found = resolvePackage(specifier, fromDir) ?? requireResolve(specifier, fromDir)
  return found === undefined ? undefined : fs.realpathSync(found)
}

function resolveFile(file: string): string | undefined {
  if (isFile(file)) return file
  for (const ext of EXTENSIONS) if (isFile(file + ext)) return file + ext
  if (isFile(path.join(file, 'package.json'))) return resolveInPackage(file, '.')
  for (const ext of EXTENSIONS) if (isFile(path.join(file, `index${ext}`))) return path.join(file, `index${ext}`)
  return undefined
}

function resolvePackage(specifier: string, fromDir: string): string | undefined {
  const parts = specifier.split('/')
  const nameLength = specifier.startsWith('@') ? 2 : 1
  const name = parts.slice(0, nameLength).join('/')
  const subpath = ['.', ...parts.slice(nameLength)].join('/')
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, 'node_modules', name)
    if (isFile(path.join(pkgDir, 'package.json'))) return resolveInPackage(pkgDir, subpath)
    if (path.dirname(dir) === dir) return undefined
  }
}

function resolveInPackage(pkgDir: string, subpath: string): string | undefined {
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { exports?: unknown; main?: string }
  if (pkg.exports === undefined || pkg.exports === null) {
    return resolveFile(path.join(pkgDir, subpath === '.' ? (pkg.main ?? 'index') : subpath))
  }
  const map = isSubpathMap(pkg.exports) ? (pkg.exports as Record<string, unknown>) : { '.': pkg.exports }
  let target = pickTarget(map[subpath])
  if (target === undefined) {
    for (const [key, value] of Object.entries(map)) {
      const star = key.indexOf('*')
      if (star < 0 || !subpath.startsWith(key.slice(0, star)) || !subpath.endsWith(key.slice(star + 1))) continue
      const match = subpath.slice(star, subpath.length - (key.length - star - 1))
      target = pickTarget(value)?.replaceAll('*', match)
      break
    }
  }
  if (target === undefined) return undefined
  const file = path.join(pkgDir, target)
  return isFile(file) ? file : undefined
}

function pickTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target
  if (Array.isArray(target)) {
    for (const t of target) {
      const picked = pickTarget(t)
      if (picked !== undefined) return picked
    }
    return undefined
  }
  if (target && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      if (!CONDITIONS.has(condition)) continue
      const picked = pickTarget(value)
      if (picked !== undefined) return picked
    }
  }
  return undefined
}

function isSubpathMap(exports: unknown): boolean {
  return !!exports && typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((k) => k.startsWith('.'))
}

/** Last resort for what the walk above does not cover (NODE_PATH, global folders). */
function requireResolve(specifier: string, fromDir: string): string | undefined {
  try {
    const found = createRequire(path.join(fromDir, '__mmm_resolve__.js')).resolve(specifier)
    return path.isAbsolute(found) ? found : undefined
  } catch {
    return undefined
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}
