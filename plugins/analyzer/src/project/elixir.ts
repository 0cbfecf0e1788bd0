// mix.exs: hex deps, frameworks (Phoenix...), umbrella apps, mix commands.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { expandGlobs } from './glob.ts'
import { joinPath } from './paths.ts'

export function parseMixDeps(text: string): { runtime: Record<string, string>; dev: Record<string, string>; appsPath?: string } {
  const runtime: Record<string, string> = {}
  const dev: Record<string, string> = {}
  const src = text.replace(/#.*$/gm, '')
  for (const m of src.matchAll(/\{\s*:([a-z0-9_]+)\s*,\s*(?:"([^"]*)")?([^{}]*)\}/g)) {
    const opts = m[3] ?? ''
    if (m[2] === undefined && !/\b(?:git|github|path|in_umbrella):/.test(opts)) continue
    const onlyDev = /only:\s*(?::(?:dev|test)\b|\[\s*:(?:dev|test)(?:\s*,\s*:(?:dev|test))*\s*\])/.test(opts)
    ;(onlyDev ? dev : runtime)[m[1]!] = m[2] ?? ''
  }
  const apps = /apps_path:\s*"([^"]+)"/.exec(src)?.[1]
  return apps === undefined ? { runtime, dev } : { runtime, dev, appsPath: apps }
}

export function analyzeElixir(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const file = joinPath(dir, 'mix.exs')
  if (!index.has(file)) return
  const text = ctx.read(file)
  if (text === undefined) return
  const mix = parseMixDeps(text)
  out.addDependencies(file, mix.runtime, mix.dev)
  detectFrameworks(out, 'hex', file, mix.runtime)
  detectFrameworks(out, 'hex', file, mix.dev, 'devDependency')
  out.addBuildTool('Mix', { file, detail: 'mix.exs' })
  out.addPackageManager('mix')
  if (mix.appsPath !== undefined) out.addWorkspaces(expandGlobs(index, dir, [`${mix.appsPath}/*`], 'mix.exs'))
  if (index.paths.some((p) => p.startsWith(joinPath(dir, 'test/')) && p.endsWith('_test.exs'))) {
    out.addFramework({ name: 'ExUnit', category: 'testing', ecosystem: 'elixir', evidence: { file: joinPath(dir, 'test'), detail: '*_test.exs files' } })
  }

  const all = { ...mix.runtime, ...mix.dev }
  const p = PRIORITY.inferred + 8
  out.offerCommand('test', 'mix test', file, p)
  out.offerCommand('format', 'mix format --check-formatted', index.has(joinPath(dir, '.formatter.exs')) ? joinPath(dir, '.formatter.exs') : file, p)
  out.offerCommand('build', 'mix compile', file, p)
  out.addFormatter('mix format')
  if ('credo' in all || index.has(joinPath(dir, '.credo.exs'))) {
    out.addLinter('credo')
    out.offerCommand('lint', 'mix credo', `${file} dependency credo`, p)
  }
  if ('dialyxir' in all) {
    out.addTypeChecker('dialyzer')
    out.offerCommand('typecheck', 'mix dialyzer', `${file} dependency dialyxir`, p)
  }
  for (const p2 of index.paths) if (p2.startsWith(joinPath(dir, 'lib/')) && /^lib\/[^/]+\/application\.ex$/.test(p2.slice(dir === '' ? 0 : dir.length + 1))) out.addEntryPoint(p2)
}
