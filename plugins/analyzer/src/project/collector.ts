// Accumulates what the ecosystem analyzers learn into a ProjectInfo, de-duplicating as it goes.
import type { BuildTool, Dependencies, Evidence, Framework, ProjectCommand, ProjectCommands, ProjectInfo } from '../types.ts'
import type { PathIndex } from './paths.ts'

export type CommandKind = keyof ProjectCommands
export const COMMAND_KINDS: readonly CommandKind[] = ['test', 'lint', 'format', 'build', 'typecheck']

/**
 * Command priorities (lower wins): explicit task runners first (Makefile/justfile), then manifest scripts
 * (package.json, composer.json, deno.json tasks), then commands inferred from the ecosystem's tooling.
 */
export const PRIORITY = {
  taskRunner: 10,
  scripts: 20,
  inferred: 50,
  fallback: 90,
} as const

export interface FrameworkHit {
  name: string
  category: Framework['category']
  ecosystem: string
  version?: string | undefined
  evidence: Evidence
}

export interface Collector {
  addFramework(hit: FrameworkHit): void
  addBuildTool(name: string, evidence: Evidence): void
  addPackageManager(name: string): void
  /** Offers a command; the lowest priority per kind wins (first offered on ties). */
  offerCommand(kind: CommandKind, command: string, source: string, priority: number): void
  hasCommand(kind: CommandKind): boolean
  addDependencies(manifest: string, runtime: Record<string, string>, dev: Record<string, string>): void
  addWorkspaces(dirs: Iterable<string>): void
  addEntryPoint(path: string): void
  addImportantFile(path: string): void
  addCi(name: string): void
  addLinter(name: string): void
  addFormatter(name: string): void
  addTypeChecker(name: string): void
  addLockfile(path: string): void
  readonly frameworkNames: ReadonlySet<string>
  result(): ProjectInfo
  /** Commands with their priorities (for merging members into the root). */
  commandCandidates(): ReadonlyMap<CommandKind, { cmd: ProjectCommand; priority: number }>
}

/** What every ecosystem analyzer gets: one project directory inside the indexed tree. */
export interface UnitContext {
  /** The project directory ('' = root), relative to the tree root. */
  dir: string
  /** The directory the whole analysis is rooted at (analyzeWorkspace's dir, or '' for analyzeProject). */
  root: string
  index: PathIndex
  read: (path: string) => string | undefined
  out: Collector
}

export function createCollector(): Collector {
  const frameworks = new Map<string, Framework>()
  const buildTools = new Map<string, BuildTool>()
  const commands = new Map<CommandKind, { cmd: ProjectCommand; priority: number }>()
  const dependencies: Dependencies = {}
  const lists = {
    packageManagers: new Set<string>(),
    workspaces: new Set<string>(),
    entryPoints: new Set<string>(),
    importantFiles: new Set<string>(),
    ci: new Set<string>(),
    linters: new Set<string>(),
    formatters: new Set<string>(),
    typeCheckers: new Set<string>(),
    lockfiles: new Set<string>(),
  }
  const names = new Set<string>()
  const pushEvidence = (list: Evidence[], e: Evidence): void => {
    if (!list.some((x) => x.file === e.file && x.detail === e.detail)) list.push(e)
  }
  return {
    frameworkNames: names,
    addFramework(hit) {
      const existing = frameworks.get(hit.name)
      if (existing === undefined) {
        const fw: Framework = { name: hit.name, category: hit.category, ecosystem: hit.ecosystem, evidence: [hit.evidence] }
        if (hit.version !== undefined) fw.version = hit.version
        frameworks.set(hit.name, fw)
        names.add(hit.name)
      } else {
        pushEvidence(existing.evidence, hit.evidence)
        if (existing.version === undefined && hit.version !== undefined) existing.version = hit.version
      }
    },
    addBuildTool(name, evidence) {
      const existing = buildTools.get(name)
      if (existing === undefined) buildTools.set(name, { name, evidence: [evidence] })
      else pushEvidence(existing.evidence, evidence)
    },
    addPackageManager: (name) => void lists.packageManagers.add(name),
    offerCommand(kind, command, source, priority) {
      const existing = commands.get(kind)
      if (existing === undefined || priority < existing.priority) commands.set(kind, { cmd: { command, source }, priority })
    },
    hasCommand: (kind) => commands.has(kind),
    addDependencies(manifest, runtime, dev) {
      if (Object.keys(runtime).length === 0 && Object.keys(dev).length === 0) return
      const entry = (dependencies[manifest] ??= { runtime: {}, dev: {} })
      Object.assign(entry.runtime, runtime)
      Object.assign(entry.dev, dev)
    },
    addWorkspaces(dirs) {
      for (const d of dirs) lists.workspaces.add(d)
    },
    addEntryPoint: (p) => void lists.entryPoints.add(p),
    addImportantFile: (p) => void lists.importantFiles.add(p),
    addCi: (n) => void lists.ci.add(n),
    addLinter: (n) => void lists.linters.add(n),
    addFormatter: (n) => void lists.formatters.add(n),
    addTypeChecker: (n) => void lists.typeCheckers.add(n),
    addLockfile: (p) => void lists.lockfiles.add(p),
    commandCandidates: () => commands,
    result() {
      const cmds: ProjectCommands = {}
      for (const kind of COMMAND_KINDS) {
        const c = commands.get(kind)
        if (c !== undefined) cmds[kind] = c.cmd
      }
      return {
        frameworks: [...frameworks.values()],
        buildTools: [...buildTools.values()],
        packageManagers: [...lists.packageManagers],
        commands: cmds,
        dependencies,
        workspaces: [...lists.workspaces].sort(),
        entryPoints: [...lists.entryPoints],
        importantFiles: [...lists.importantFiles],
        ci: [...lists.ci],
        linters: [...lists.linters],
        formatters: [...lists.formatters],
        typeCheckers: [...lists.typeCheckers],
        lockfiles: [...lists.lockfiles],
      }
    },
  }
}
