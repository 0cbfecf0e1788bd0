// Which Node package manager runs a project's scripts, and how it spells "run script" and "exec binary".
import { parseJson, asString } from './parse.ts'
import { dirname, joinPath, type PathIndex } from './paths.ts'

export type NodePackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun'

export interface PackageManagerInfo {
  name: NodePackageManager
  /** Yarn 2+ (berry): detected from packageManager or .yarnrc.yml. */
  berry: boolean
  evidence: { file: string; detail: string }
}

const LOCKFILES: ReadonlyArray<readonly [string, NodePackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
]

/** Looks in dir and its ancestors for a packageManager field, a lockfile or pnpm-workspace.yaml. */
export function detectPackageManager(index: PathIndex, read: (p: string) => string | undefined, dir: string): PackageManagerInfo {
  for (let d = dir; ; d = dirname(d)) {
    const pkgPath = joinPath(d, 'package.json')
    if (index.has(pkgPath)) {
      const field = asString(parseJson(read(pkgPath))?.['packageManager'])
      const m = field === undefined ? null : /^(npm|pnpm|yarn|bun)@(\d+)?/.exec(field)
      if (m !== null) {
        const name = m[1] as NodePackageManager
        const berry = name === 'yarn' && Number(m[2] ?? '1') >= 2
        return { name, berry, evidence: { file: pkgPath, detail: `packageManager ${field}` } }
      }
    }
    for (const [lock, name] of LOCKFILES) {
      const p = joinPath(d, lock)
      if (index.has(p)) return { name, berry: name === 'yarn' && index.has(joinPath(d, '.yarnrc.yml')), evidence: { file: p, detail: 'lockfile' } }
    }
    const ws = joinPath(d, 'pnpm-workspace.yaml')
    if (index.has(ws)) return { name: 'pnpm', berry: false, evidence: { file: ws, detail: 'pnpm workspace' } }
    if (d === '') break
  }
  return { name: 'npm', berry: false, evidence: { file: joinPath(dir, 'package.json'), detail: 'default (no lockfile)' } }
}

// Built-in commands that would shadow a script of the same name when run as `<pm> <name>`.
const PNPM_BUILTINS = new Set(['add', 'audit', 'bin', 'config', 'create', 'deploy', 'dlx', 'doctor', 'env', 'exec', 'fetch', 'import', 'init', 'install', 'licenses', 'link', 'list', 'ls', 'outdated', 'pack', 'patch', 'prune', 'publish', 'rebuild', 'remove', 'root', 'server', 'setup', 'store', 'unlink', 'update', 'why'])
const YARN_BUILTINS = new Set([...PNPM_BUILTINS, 'cache', 'check', 'constraints', 'dedupe', 'explain', 'global', 'help', 'info', 'node', 'npm', 'owner', 'plugin', 'search', 'set', 'stage', 'team', 'unplug', 'up', 'upgrade', 'version', 'workspace', 'workspaces'])

/** `npm test`, `npm run lint`, `pnpm test`, `pnpm lint`, `yarn build`, `bun run test` (bun test is bun's own runner). */
export function runScript(pm: NodePackageManager, script: string): string {
  switch (pm) {
    case 'npm':
      return script === 'test' ? 'npm test' : `npm run ${script}`
    case 'bun':
      return `bun run ${script}`
    case 'pnpm':
      return PNPM_BUILTINS.has(script) ? `pnpm run ${script}` : `pnpm ${script}`
    case 'yarn':
      return YARN_BUILTINS.has(script) ? `yarn run ${script}` : `yarn ${script}`
  }
}

/** Runs a locally installed binary: `npx tsc`, `pnpm exec tsc`, `yarn tsc`, `bunx tsc`. */
export function execBinary(pm: NodePackageManager, commandLine: string): string {
  switch (pm) {
    case 'npm':
      return `npx ${commandLine}`
    case 'pnpm':
      return `pnpm exec ${commandLine}`
    case 'yarn':
      return `yarn ${commandLine}`
    case 'bun':
      return `bunx ${commandLine}`
  }
}

/** Runs a script in every workspace member that has it. */
export function runScriptRecursive(pm: PackageManagerInfo, script: string): string {
  switch (pm.name) {
    case 'pnpm':
      return `pnpm -r run ${script}`
    case 'npm':
      return `npm run ${script} --workspaces --if-present`
    case 'yarn':
      return pm.berry ? `yarn workspaces foreach -A run ${script}` : `yarn workspaces run ${script}`
    case 'bun':
      return `bun run --filter '*' ${script}`
  }
}
