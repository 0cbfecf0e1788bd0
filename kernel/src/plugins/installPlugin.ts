// `mmm plugin add <spec>`: installs a plugin package with the project's package manager and reports
// what it installed (the new dependency), so the caller can review its permissions before enabling it.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { MmmError } from '../errors.ts'

export type PackageManager = 'pnpm' | 'yarn' | 'bun' | 'npm'

/** The project's package manager, from its lockfile (npm when there is none). */
export function detectPackageManager(root: string): PackageManager {
  if (existsSync(join(root, 'pnpm-lock.yaml'))) return 'pnpm'
  if (existsSync(join(root, 'yarn.lock'))) return 'yarn'
  if (existsSync(join(root, 'bun.lockb')) || existsSync(join(root, 'bun.lock'))) return 'bun'
  return 'npm'
}

const ADD: Record<PackageManager, string[]> = {
  pnpm: ['add', '--save-dev'],
  yarn: ['add', '--dev'],
  bun: ['add', '--dev'],
  npm: ['install', '--save-dev', '--no-audit', '--no-fund'],
}

/** Installs `spec` as a dev dependency of the project at `root`; returns the installed package's name. */
export function installPlugin(spec: string, root: string, pm: PackageManager = detectPackageManager(root)): { name: string; manager: PackageManager } {
  if (spec.startsWith('-')) throw new MmmError('MMM_USAGE', `"${spec}" is not a package name`)
  const pkgPath = join(root, 'package.json')
  // A project without package.json gets a minimal private one, so the plugin has somewhere to be recorded.
  if (!existsSync(pkgPath)) writeFileSync(pkgPath, `${JSON.stringify({ name: 'mmm-project', private: true }, null, 2)}\n`)
  const before = devDependencies(pkgPath)
  const r = spawnSync(pm, [...ADD[pm], spec], { cwd: root, stdio: ['ignore', 2, 2], env: process.env })
  if (r.error) throw new MmmError('MMM_EXEC_FAILED', `could not run ${pm} (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); install it, or install the plugin yourself and list it in "plugins"`)
  if (r.status !== 0) throw new MmmError('MMM_EXEC_FAILED', `${pm} could not install "${spec}" (exit code ${r.status}); see its output above`)
  const after = devDependencies(pkgPath)
  const added = Object.keys(after).filter((k) => before[k] !== after[k])
  const named = nameFromSpec(spec, root)
  const name = named && named in after ? named : added.length === 1 ? added[0] : undefined
  if (!name) throw new MmmError('MMM_EXEC_FAILED', `${pm} ran, but it is unclear which package "${spec}" installed; list it in "plugins" yourself`)
  return { name, manager: pm }
}

function devDependencies(pkgPath: string): Record<string, string> {
  try {
    return (JSON.parse(readFileSync(pkgPath, 'utf8')) as { devDependencies?: Record<string, string> }).devDependencies ?? {}
  } catch {
    throw new MmmError('MMM_BAD_CONFIG', `${pkgPath} is not valid JSON; fix it before adding plugins`)
  }
}

/** The package name a spec names: `name`, `name@range`, `@scope/name@tag`, or `file:dir` (read from its package.json). */
function nameFromSpec(spec: string, root: string): string | undefined {
  if (spec.startsWith('file:')) {
    try {
      return (JSON.parse(readFileSync(join(resolve(root, spec.slice(5)), 'package.json'), 'utf8')) as { name?: string }).name
    } catch {
      return undefined
    }
  }
  const m = /^(@[^/@]+\/[^@]+|[^@/:]+)(@.*)?$/.exec(spec)
  return m?.[1]
}
