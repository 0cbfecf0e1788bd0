// The analyzer's data model: what each part computes and what the report holds. Pure types (no Node):
// everything under src/ runs inside the plugin's isolate.

export type LanguageType = 'programming' | 'markup' | 'data' | 'prose'

/** How a language writes strings, so comment markers inside strings are not taken for comments. */
export interface StringSyntax {
  open: string
  close: string
  /** Escape character inside the string (e.g. "\\"), if any. */
  escape?: string
  /** May span lines (template literals, triple quotes, raw strings). */
  multiline?: boolean
}

export interface LanguageDef {
  name: string
  type: LanguageType
  extensions: string[]
  /** Exact file names (Dockerfile, Makefile, CMakeLists.txt, ...). */
  filenames?: string[]
  /** Interpreter names found in a #! line (python3, node, bash, ...). */
  interpreters?: string[]
  lineComments?: string[]
  blockComments?: Array<[string, string]>
  /** Block comments nest (Rust, Swift, Haskell, Scala, Kotlin, D, ...). */
  nestedComments?: boolean
  strings?: StringSyntax[]
}

export interface LineCounts {
  code: number
  comment: number
  blank: number
}

export interface FileEntry {
  path: string
  size: number
  mtimeMs: number
}

export interface FunctionInfo {
  name: string
  line: number
  lines: number
}

export interface TodoItem {
  kind: 'TODO' | 'FIXME' | 'HACK' | 'XXX'
  path: string
  line: number
  text: string
}

export interface SmellItem {
  kind: string
  path: string
  line: number
}

/** Everything learned from one file's text; cached per file (path + mtime + size). */
export interface FileFacts extends LineCounts {
  path: string
  language: string
  bytes: number
  functions: FunctionInfo[]
  todos: TodoItem[]
  smells: SmellItem[]
  /** Hashes of normalized windows of lines, for the duplicated-blocks ratio. */
  blockHashes: number[]
  isTest: boolean
}

export interface Evidence {
  file: string
  detail: string
}

export interface Framework {
  name: string
  category: 'frontend' | 'backend' | 'fullstack' | 'testing' | 'mobile' | 'desktop' | 'cli' | 'data' | 'other'
  ecosystem: string
  version?: string
  evidence: Evidence[]
}

export interface BuildTool {
  name: string
  evidence: Evidence[]
}

export interface ProjectCommand {
  command: string
  /** Where it came from, e.g. "package.json scripts.test" or "Makefile target test". */
  source: string
}

export interface ProjectCommands {
  test?: ProjectCommand
  lint?: ProjectCommand
  format?: ProjectCommand
  build?: ProjectCommand
  typecheck?: ProjectCommand
}

export interface Dependencies {
  /** By ecosystem manifest, e.g. { "package.json": { runtime: {...}, dev: {...} } }. */
  [manifest: string]: { runtime: Record<string, string>; dev: Record<string, string> }
}

export interface ProjectInfo {
  frameworks: Framework[]
  buildTools: BuildTool[]
  packageManagers: string[]
  commands: ProjectCommands
  dependencies: Dependencies
  /** Workspace member directories (monorepos), relative to the analyzed path. */
  workspaces: string[]
  entryPoints: string[]
  importantFiles: string[]
  ci: string[]
  linters: string[]
  formatters: string[]
  typeCheckers: string[]
  lockfiles: string[]
}
