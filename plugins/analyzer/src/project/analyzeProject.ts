// Everything the analyzer learns from manifests and config files, for a whole tree or one workspace member.
import type { ProjectInfo } from '../types.ts'
import { COMMAND_KINDS, PRIORITY, createCollector, type Collector, type UnitContext } from './collector.ts'
import { analyzeDart } from './dart.ts'
import { analyzeDeno } from './deno.ts'
import { analyzeDotnet } from './dotnet.ts'
import { analyzeElixir } from './elixir.ts'
import { analyzeGo } from './go.ts'
import { analyzeGradle } from './gradle.ts'
import { isManifestFile, isPrimaryManifest } from './isManifestFile.ts'
import { analyzeMaven } from './maven.ts'
import { analyzeNative } from './native.ts'
import { analyzeNode } from './node.ts'
import { detectPackageManager, runScriptRecursive } from './nodePackageManager.ts'
import { analyzeNodeWorkspaces } from './nodeWorkspaces.ts'
import { analyzeComposer } from './php.ts'
import { analyzePython } from './python.ts'
import { analyzeRepoFiles } from './repoFiles.ts'
import { analyzeRust } from './rust.ts'
import { buildPathIndex, dirname, isCandidateProjectDir, isUnder, isVendoredPath, joinPath, normalizePath, relativeTo, type PathIndex } from './paths.ts'
import { analyzeRuby } from './ruby.ts'

/** Undeclared nested projects (frontend/, services/api/ ...) are looked for this many levels below the root. */
const MAX_NESTED_DEPTH = 3

const ANALYZERS: ReadonlyArray<(ctx: UnitContext) => void> = [
  analyzeNative, analyzeNode, analyzeNodeWorkspaces, analyzeDeno, analyzePython, analyzeRust, analyzeGo,
  analyzeMaven, analyzeGradle, analyzeDotnet, analyzeRuby, analyzeComposer, analyzeElixir, analyzeDart, analyzeRepoFiles,
]

/**
 * Analyzes the whole tree: the root project plus every workspace member and nested project, merged (member
 * facts carry evidence pointing at the member's files). Commands are the root's, run from the root.
 */
export function analyzeProject(paths: readonly string[], read: (path: string) => string | undefined): ProjectInfo {
  return analyzeAt(paths, read, '')
}

/**
 * The same for one member directory (`dir` relative to the tree root; `paths` may be the whole tree: lockfiles
 * and packageManager of ancestors are honoured). Result paths stay relative to the tree root; commands are
 * meant to run from inside `dir`.
 */
export function analyzeWorkspace(paths: readonly string[], read: (path: string) => string | undefined, dir: string): ProjectInfo {
  return analyzeAt(paths, read, normalizePath(dir))
}

function analyzeAt(paths: readonly string[], read: (path: string) => string | undefined, root: string): ProjectInfo {
  const index = buildPathIndex(paths)
  const cache = new Map<string, string | undefined>()
  const safeRead = (p: string): string | undefined => {
    if (cache.has(p)) return cache.get(p)
    let text: string | undefined
    if (isManifestFile(p)) {
      try {
        const t = read(p)
        text = typeof t === 'string' ? t : undefined
      } catch {
        text = undefined
      }
    }
    cache.set(p, text)
    return text
  }
  const out = createCollector()
  const runUnit = (dir: string, collector: Collector): void => {
    const ctx: UnitContext = { dir, root, index, read: safeRead, out: collector }
    for (const analyze of ANALYZERS) {
      try {
        analyze(ctx)
      } catch {
        // A manifest shape we did not anticipate: skip that analyzer for this directory.
      }
    }
  }
  runUnit(root, out)
  for (const name of index.filesIn(root)) if (isManifestFile(joinPath(root, name)) && name !== 'Gemfile.lock') out.addImportantFile(joinPath(root, name))

  // Declared members (breadth-first, members may declare their own), then undeclared nested projects.
  const members: Array<{ dir: string; out: Collector; declared: boolean }> = []
  const seen = new Set<string>([root])
  const queue = [...out.result().workspaces]
  while (queue.length > 0) {
    const dir = queue.shift()!
    if (seen.has(dir) || !isUnder(dir, root)) continue
    seen.add(dir)
    const collector = createCollector()
    runUnit(dir, collector)
    members.push({ dir, out: collector, declared: true })
    queue.push(...collector.result().workspaces)
  }
  for (const dir of nestedProjectDirs(index, root)) {
    if (seen.has(dir)) continue
    seen.add(dir)
    const collector = createCollector()
    runUnit(dir, collector)
    members.push({ dir, out: collector, declared: false })
  }
  for (const member of members) mergeMember(out, member.out)
  memberCommands(out, members, index, safeRead, root)
  return out.result()
}

function nestedProjectDirs(index: PathIndex, root: string): string[] {
  const dirs = new Set<string>()
  for (const p of index.paths) {
    if (!isPrimaryManifest(p) || isVendoredPath(p)) continue
    const dir = dirname(p)
    if (dir === root || !isUnder(dir, root)) continue
    const rel = relativeTo(dir, root)
    if (rel.split('/').length <= MAX_NESTED_DEPTH && isCandidateProjectDir(rel)) dirs.add(dir)
  }
  return [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
}

function mergeMember(out: Collector, member: Collector): void {
  const info = member.result()
  for (const fw of info.frameworks) for (const evidence of fw.evidence) out.addFramework({ name: fw.name, category: fw.category, ecosystem: fw.ecosystem, version: fw.version, evidence })
  for (const tool of info.buildTools) for (const evidence of tool.evidence) out.addBuildTool(tool.name, evidence)
  for (const pm of info.packageManagers) out.addPackageManager(pm)
  for (const [manifest, deps] of Object.entries(info.dependencies)) out.addDependencies(manifest, deps.runtime, deps.dev)
  out.addWorkspaces(info.workspaces)
  for (const p of info.entryPoints) out.addEntryPoint(p)
  for (const t of info.linters) out.addLinter(t)
  for (const t of info.formatters) out.addFormatter(t)
  for (const t of info.typeCheckers) out.addTypeChecker(t)
  for (const p of info.lockfiles) out.addLockfile(p)
}

/**
 * Fills commands the root lacks: a Node workspace root runs members' scripts recursively (`pnpm -r run test`);
 * otherwise the first member or nested project offering one is run in its directory (`cd web && npm test`).
 */
function memberCommands(out: Collector, members: ReadonlyArray<{ dir: string; out: Collector; declared: boolean }>, index: PathIndex, read: (p: string) => string | undefined, root: string): void {
  const nodeRoot = members.some((m) => m.declared && index.has(joinPath(m.dir, 'package.json'))) && (index.has(joinPath(root, 'pnpm-workspace.yaml')) || index.has(joinPath(root, 'package.json')))
  const pm = nodeRoot ? detectPackageManager(index, read, root) : undefined
  for (const kind of COMMAND_KINDS) {
    if (out.hasCommand(kind)) continue
    if (pm !== undefined) {
      const script = members.filter((m) => m.declared).map((m) => /scripts\.([^\s]+)$/.exec(m.out.commandCandidates().get(kind)?.cmd.source ?? '')?.[1]).find((s) => s !== undefined)
      if (script !== undefined) {
        out.offerCommand(kind, runScriptRecursive(pm, script), `workspace members scripts.${script}`, PRIORITY.fallback)
        continue
      }
    }
    for (const m of members) {
      const c = m.out.commandCandidates().get(kind)
      if (c === undefined) continue
      // A Gradle task run from the root runs in every subproject that has it.
      const gradle = m.declared ? /^(?:(?:\.\.\/)+gradlew|gradle) (.+)$/.exec(c.cmd.command) : null
      const command = gradle !== null ? `${c.cmd.command.startsWith('gradle ') ? 'gradle' : './gradlew'} ${gradle[1]!}` : `cd ${relativeTo(m.dir, root)} && ${c.cmd.command}`
      out.offerCommand(kind, command, c.cmd.source, PRIORITY.fallback)
      break
    }
  }
}
