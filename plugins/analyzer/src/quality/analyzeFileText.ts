// Per-file quality facts from a file's text. Runs on every file of a project, so: the one character pass
// (scanText, which also counts the lines) splits each line into code and comment, then cheap line passes find
// functions, TODOs, smells and duplicated-block fingerprints.
//   functions    brace languages: braceFunctions; Python and kin: indentFunctions; Ruby/Elixir/Lua: endFunctions.
//                Only for 'programming' languages.
//   todos        TODO/FIXME/HACK/XXX in comments (findTodos), in every file that has comment syntax.
//   smells       non-test code only: findSmells (error handling, type safety) plus 'deep-nesting' (one per function,
//                at the first line DEEP_NESTING blocks deep) and 'complex-function' (more than
//                COMPLEX_BRANCHES branch points — if/elif/for/while/case/when/catch/except/rescue/&&/|| — in a
//                function's lines; a nested function's branches also count for its enclosing function).
//   blockHashes  programming languages only, packed window hashes (blockHashes.ts); test files included (the
//                summary decides what to compare).
//   isTest       isTestFile(path).
import type { FileFacts, LanguageDef, SmellItem } from '../types.ts'
import { computeBlockHashes } from './blockHashes.ts'
import { braceFunctions, type FunctionScan } from './braceFunctions.ts'
import { endFunctions, hasEndFunctions } from './endFunctions.ts'
import { findSmells } from './findSmells.ts'
import { findTodos } from './findTodos.ts'
import { hasIndentFunctions, indentFunctions } from './indentFunctions.ts'
import { isTestFile } from './isTestFile.ts'
import { lexLines, type LexedLines } from './lexLines.ts'

export type FileQualityFacts = Pick<FileFacts, 'functions' | 'todos' | 'smells' | 'blockHashes' | 'isTest'>

export const COMPLEX_BRANCHES = 15
const BRANCH = /\b(?:if|elif|elsif|for|foreach|while|case|when|catch|except|rescue|unless|until)\b|&&|\|\|/g

/** Languages without braces or a known block syntax: no function detection. */
const NO_FUNCTIONS = new Set(['sql', 'plsql', 'tsql', 'haskell', 'elm', 'ocaml', 'f#', 'erlang', 'clojure', 'lisp',
  'common lisp', 'scheme', 'racket', 'emacs lisp', 'fortran', 'cobol', 'assembly', 'makefile', 'cmake',
  'dockerfile', 'batchfile', 'visual basic', 'vba', 'matlab', 'julia', 'prolog', 'vim script'])

function scanFunctions(lexed: LexedLines, lang: LanguageDef, name: string): FunctionScan {
  if (lang.type !== 'programming' || NO_FUNCTIONS.has(name)) return { functions: [], deepNesting: [] }
  if (hasIndentFunctions(name)) return indentFunctions(lexed.struct, lexed.inString, name)
  if (hasEndFunctions(name)) return endFunctions(lexed.struct, name)
  return braceFunctions(lexed.struct, name)
}

function complexitySmells(path: string, struct: readonly string[], scan: FunctionScan): SmellItem[] {
  if (scan.functions.length === 0) return []
  // before[i] = branch points on lines 1..i
  const before = new Int32Array(struct.length + 1)
  for (let i = 0; i < struct.length; i++) {
    const text = struct[i] as string
    let n = 0
    if (text.length > 1) {
      BRANCH.lastIndex = 0
      while (BRANCH.exec(text)) n++
    }
    before[i + 1] = (before[i] as number) + n
  }
  const out: SmellItem[] = []
  for (const f of scan.functions) {
    const end = Math.min(struct.length, f.line + f.lines - 1)
    const branches = (before[end] as number) - (before[f.line - 1] as number)
    if (branches > COMPLEX_BRANCHES) out.push({ kind: 'complex-function', path, line: f.line })
  }
  return out
}

/** `lexed`: the views scanText made while counting the file's lines (lexed here when not given). */
export function analyzeFileText(path: string, text: string, lang: LanguageDef, lexed: LexedLines = lexLines(text, lang)): FileQualityFacts {
  const isTest = isTestFile(path)
  const name = lang.name.toLowerCase()
  const todos = findTodos(path, lexed.comment)
  if (lang.type !== 'programming') return { functions: [], todos: detachTexts(todos), smells: [], blockHashes: [], isTest }
  const scan = scanFunctions(lexed, lang, name)
  let smells: SmellItem[] = []
  if (!isTest) {
    smells = findSmells(path, name, lexed, scan.testLines)
    for (const line of scan.deepNesting) smells.push({ kind: 'deep-nesting', path, line })
    smells.push(...complexitySmells(path, lexed.struct, scan))
    smells.sort((a, b) => a.line - b.line)
  }
  return { functions: detachNames(scan.functions), todos: detachTexts(todos), smells, blockHashes: computeBlockHashes(lexed.code), isTest }
}

/**
 * A copy of `s` that shares no memory with the file it was cut from. V8 keeps the whole parent string of a
 * slice alive, so a function name or TODO text kept in the facts would otherwise hold its file's full text
 * in memory for the rest of the run (gigabytes on a 100k-file tree).
 */
export function detach(s: string): string {
  return s.length === 0 ? s : (' ' + s).slice(1)
}

function detachNames<T extends { name: string }>(items: T[]): T[] {
  for (const it of items) it.name = detach(it.name)
  return items
}

function detachTexts<T extends { text: string }>(items: T[]): T[] {
  for (const it of items) it.text = detach(it.text)
  return items
}
