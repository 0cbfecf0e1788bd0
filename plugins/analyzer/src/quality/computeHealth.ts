// Health facts: does the project have tests, CI, linting, formatting, type checking, documentation, a lockfile;
// its TODOs; and its git activity when it is a repository.
//   tests        code files (isCodeLanguage) marked isTest; ratio = test code lines / all code lines
//   ci, linting, formatting, typeChecking   straight from ProjectInfo (ci, linters, formatters, typeCheckers);
//                staticallyTyped: the main language (most code lines) is checked by its compiler (Go, Rust, ...)
//   docs         README at the root (any extension), its line count (input.readmeLines), a docs/ (doc/,
//                documentation/) folder at the root, and the comment ratio of non-test code (comment / (code +
//                comment)). One point each for: README, README >= 50 lines, docs folder, comment ratio >= 10%;
//                level: 0 points none, 1-2 minimal, 3-4 good
//   todos        every TODO/FIXME/HACK/XXX, counted by kind; items: the first 50 by path and line
//   git          GitFacts as given, plus daysSinceLastCommit (from input.now, default the current time)
//   lockfile     ProjectInfo.lockfiles; expected when a package manager was found
import type { FileFacts, ProjectInfo, TodoItem } from '../types.ts'
import { isCodeLanguage } from './isCodeLanguage.ts'

export interface GitFacts {
  lastCommitDate?: string
  commitsLast90Days?: number
  /** Most changed files (top first). */
  churn?: Array<{ path: string; changes: number }>
  contributors?: number
}

export type DocsLevel = 'none' | 'minimal' | 'good'

export interface HealthSummary {
  tests: {
    present: boolean
    testFiles: number
    testCodeLines: number
    codeLines: number
    /** Test code lines / all code lines, 0-1. */
    ratio: number
    /** ProjectInfo.commands.test, when found. */
    command?: string
    /** Testing frameworks from ProjectInfo. */
    frameworks: string[]
  }
  ci: string[]
  linting: string[]
  formatting: string[]
  typeChecking: string[]
  mainLanguage?: string
  /** The main language is statically typed (its compiler checks types even without a separate type checker). */
  staticallyTyped: boolean
  docs: {
    readme: boolean
    readmePath?: string
    readmeLines?: number
    docsDir: boolean
    docsFiles: number
    commentRatio: number
    level: DocsLevel
    why: string[]
  }
  todos: {
    count: number
    byKind: Record<TodoItem['kind'], number>
    /** The first 50, by path and line. */
    items: TodoItem[]
  }
  git?: GitFacts & { daysSinceLastCommit?: number }
  lockfile: { present: boolean; files: string[]; expected: boolean }
}

export interface HealthInput {
  files: readonly FileFacts[]
  paths: readonly string[]
  project: ProjectInfo
  readmeLines?: number
  git?: GitFacts
  /** For daysSinceLastCommit (ms since epoch); default Date.now(). */
  now?: number
}

export const STATICALLY_TYPED: ReadonlySet<string> = new Set([
  'go', 'rust', 'java', 'c#', 'kotlin', 'scala', 'swift', 'c', 'c++', 'objective-c', 'objective-c++', 'dart',
  'haskell', 'ocaml', 'f#', 'elm', 'zig', 'crystal', 'nim', 'd', 'purescript', 'reasonml', 'rescript', 'v',
])

const MAX_TODOS = 50
const README = /^readme(?:\.[a-z0-9]+)?$/i
const DOCS_DIR = /^(?:docs?|documentation)\//i
export const GOOD_README_LINES = 50
export const GOOD_COMMENT_RATIO = 0.1

function docsOf(input: HealthInput, commentRatio: number): HealthSummary['docs'] {
  const readmePath = input.paths.find((p) => README.test(p))
  const docsFiles = input.paths.filter((p) => DOCS_DIR.test(p)).length
  const why: string[] = []
  let points = 0
  if (readmePath) {
    points++
    why.push(`README present (${readmePath})`)
    if (input.readmeLines !== undefined) {
      if (input.readmeLines >= GOOD_README_LINES) {
        points++
        why.push(`README has ${input.readmeLines} lines (>= ${GOOD_README_LINES})`)
      } else why.push(`README has only ${input.readmeLines} lines (< ${GOOD_README_LINES})`)
    }
  } else why.push('no README at the root')
  if (docsFiles > 0) {
    points++
    why.push(`docs folder with ${docsFiles} files`)
  } else why.push('no docs/ folder')
  const pct = Math.round(commentRatio * 1000) / 10
  if (commentRatio >= GOOD_COMMENT_RATIO) {
    points++
    why.push(`comment ratio ${pct}% (>= ${GOOD_COMMENT_RATIO * 100}%)`)
  } else why.push(`comment ratio ${pct}% (< ${GOOD_COMMENT_RATIO * 100}%)`)
  const level: DocsLevel = points === 0 ? 'none' : points <= 2 ? 'minimal' : 'good'
  return {
    readme: readmePath !== undefined,
    ...(readmePath !== undefined ? { readmePath } : {}),
    ...(input.readmeLines !== undefined ? { readmeLines: input.readmeLines } : {}),
    docsDir: docsFiles > 0,
    docsFiles,
    commentRatio,
    level,
    why,
  }
}

function todosOf(files: readonly FileFacts[]): HealthSummary['todos'] {
  const byKind: Record<TodoItem['kind'], number> = { TODO: 0, FIXME: 0, HACK: 0, XXX: 0 }
  const all: TodoItem[] = []
  for (const f of files) {
    for (const t of f.todos) {
      byKind[t.kind]++
      all.push(t)
    }
  }
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line))
  return { count: all.length, byKind, items: all.slice(0, MAX_TODOS) }
}

function gitOf(git: GitFacts, now: number): NonNullable<HealthSummary['git']> {
  const t = git.lastCommitDate ? Date.parse(git.lastCommitDate) : Number.NaN
  if (Number.isNaN(t)) return { ...git }
  return { ...git, daysSinceLastCommit: Math.max(0, Math.floor((now - t) / 86_400_000)) }
}

export function computeHealth(input: HealthInput): HealthSummary {
  const code = input.files.filter((f) => isCodeLanguage(f.language))
  let codeLines = 0
  let testCodeLines = 0
  let testFiles = 0
  let prodCode = 0
  let prodComment = 0
  const byLanguage = new Map<string, number>()
  for (const f of code) {
    codeLines += f.code
    byLanguage.set(f.language, (byLanguage.get(f.language) ?? 0) + f.code)
    if (f.isTest) {
      testFiles++
      testCodeLines += f.code
    } else {
      prodCode += f.code
      prodComment += f.comment
    }
  }
  let mainLanguage: string | undefined
  let most = 0
  for (const [lang, n] of byLanguage) {
    if (n > most) {
      most = n
      mainLanguage = lang
    }
  }
  const commentRatio = prodCode + prodComment > 0 ? Math.round((prodComment / (prodCode + prodComment)) * 1000) / 1000 : 0
  const p = input.project
  const testCommand = p.commands.test?.command
  const health: HealthSummary = {
    tests: {
      present: testFiles > 0,
      testFiles,
      testCodeLines,
      codeLines,
      ratio: codeLines > 0 ? Math.round((testCodeLines / codeLines) * 1000) / 1000 : 0,
      ...(testCommand ? { command: testCommand } : {}),
      frameworks: p.frameworks.filter((f) => f.category === 'testing').map((f) => f.name),
    },
    ci: [...p.ci],
    linting: [...p.linters],
    formatting: [...p.formatters],
    typeChecking: [...p.typeCheckers],
    ...(mainLanguage ? { mainLanguage } : {}),
    staticallyTyped: mainLanguage !== undefined && STATICALLY_TYPED.has(mainLanguage.toLowerCase()),
    docs: docsOf(input, commentRatio),
    todos: todosOf(input.files),
    lockfile: { present: p.lockfiles.length > 0, files: [...p.lockfiles], expected: p.packageManagers.length > 0 },
  }
  if (input.git) health.git = gitOf(input.git, input.now ?? Date.now())
  return health
}
