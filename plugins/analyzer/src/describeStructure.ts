// Where things are: source, test and docs directories, config files, and what was left out and why.
import type { PluginContext } from '@mmm/kernel/plugin'
import type { StructureSummary } from './AnalysisReport.ts'
import type { FileFacts, ProjectInfo } from './types.ts'

const EXCLUDED: Record<string, string> = {
  node_modules: 'dependencies (npm)',
  '.git': 'version control',
  vendor: 'vendored dependencies',
  target: 'build output (Cargo/Maven)',
  dist: 'build output',
  build: 'build output',
  out: 'build output',
  '.next': 'build output (Next.js)',
  '.nuxt': 'build output (Nuxt)',
  coverage: 'test coverage output',
  '.venv': 'Python virtual environment',
  venv: 'Python virtual environment',
  __pycache__: 'Python bytecode',
  '.gradle': 'Gradle cache',
  bin: 'build output (.NET)',
  obj: 'build output (.NET)',
  '.mmm': 'mmm state',
}

export async function describeStructure(ctx: PluginContext, base: string, paths: readonly string[], facts: readonly FileFacts[], project: ProjectInfo): Promise<StructureSummary> {
  const code = new Map<string, number>()
  const tests = new Map<string, number>()
  const docs = new Set<string>()
  for (const f of facts) {
    const top = topDir(f.path)
    if (!top) continue
    if (f.isTest) tests.set(top, (tests.get(top) ?? 0) + f.code)
    else if (f.language === 'Markdown' || f.language === 'reStructuredText') docs.add(top)
    else code.set(top, (code.get(top) ?? 0) + f.code)
  }
  const listed = new Set(paths.map(topDir).filter((d): d is string => d !== undefined))
  const excluded: StructureSummary['excluded'] = []
  for (const entry of await ctx.fs.list(base || '.').catch(() => [])) {
    if (entry.type !== 'directory') continue
    const reason = EXCLUDED[entry.name]
    if (reason && !listed.has(entry.name)) excluded.push({ path: entry.name, reason })
    else if (!listed.has(entry.name) && !entry.name.startsWith('.')) excluded.push({ path: entry.name, reason: 'ignored by .gitignore or empty' })
  }
  const ranked = (m: Map<string, number>) => [...m].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([d]) => d)
  return {
    sourceDirs: ranked(code).filter((d) => !tests.has(d) || (code.get(d) ?? 0) > (tests.get(d) ?? 0)).slice(0, 10),
    testDirs: ranked(tests).slice(0, 10),
    docsDirs: [...docs].filter((d) => /^(docs?|documentation|wiki)$/i.test(d)),
    configFiles: project.importantFiles.filter((f) => !/readme|license|changelog|contributing/i.test(f)).slice(0, 30),
    excluded,
  }
}

function topDir(p: string): string | undefined {
  const i = p.indexOf('/')
  return i > 0 ? p.slice(0, i) : undefined
}
