// Node monorepo members: pnpm-workspace.yaml, package.json workspaces (array or { packages }), lerna.json.
import type { UnitContext } from './collector.ts'
import { expandGlobs } from './glob.ts'
import { asStringArray, getPath, parseJson, parseYaml } from './parse.ts'
import { joinPath } from './paths.ts'

/** Declared Node workspace patterns in dir, with the file that declares them. */
export function nodeWorkspacePatterns(ctx: Pick<UnitContext, 'dir' | 'index' | 'read'>): Array<{ file: string; patterns: string[] }> {
  const { dir, index, read } = ctx
  const found: Array<{ file: string; patterns: string[] }> = []
  const pnpm = joinPath(dir, 'pnpm-workspace.yaml')
  if (index.has(pnpm)) {
    const patterns = asStringArray(parseYaml(read(pnpm))?.['packages'])
    found.push({ file: pnpm, patterns })
  }
  const pkgFile = joinPath(dir, 'package.json')
  if (index.has(pkgFile)) {
    const ws = parseJson(read(pkgFile))?.['workspaces']
    const patterns = Array.isArray(ws) ? asStringArray(ws) : asStringArray(getPath(ws, 'packages'))
    if (patterns.length > 0) found.push({ file: pkgFile, patterns })
  }
  const lerna = joinPath(dir, 'lerna.json')
  if (index.has(lerna)) {
    const conf = parseJson(read(lerna))
    if (conf !== undefined) {
      const patterns = asStringArray(conf['packages'])
      found.push({ file: lerna, patterns: patterns.length > 0 ? patterns : ['packages/*'] })
    }
  }
  return found
}

export function analyzeNodeWorkspaces(ctx: UnitContext): string[] {
  const members = new Set<string>()
  for (const { patterns } of nodeWorkspacePatterns(ctx)) for (const d of expandGlobs(ctx.index, ctx.dir, patterns, 'package.json')) if (d !== ctx.dir) members.add(d)
  ctx.out.addWorkspaces(members)
  return [...members]
}
