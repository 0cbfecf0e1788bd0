// Error-handling and type-safety smells, line by line on the comment- and string-free code (so `"unwrap()"`
// in a string or a comment is not a smell), except `@ts-ignore`, which lives in comments. Kinds: smellKinds.ts.
// The caller skips test files; Rust lines inside `#[cfg(test)]` / `#[test]` items are skipped here.
import type { SmellItem } from '../types.ts'
import type { LexedLines } from './lexLines.ts'

const CATCH_LANGS = new Set([
  'javascript', 'typescript', 'tsx', 'jsx', 'java', 'c#', 'kotlin', 'scala', 'dart', 'swift', 'php', 'c++',
  'groovy', 'vue', 'svelte', 'astro', 'objective-c', 'objective-c++', 'apex', 'actionscript',
])
const TS_LANGS = new Set(['typescript', 'tsx'])
const TS_COMMENT_LANGS = new Set(['typescript', 'tsx', 'javascript', 'jsx', 'vue', 'svelte', 'astro'])

const UNWRAP = /\.unwrap\(\s*\)/g
const EXPECT = /\.expect\(/g
const BARE_EXCEPT = /^\s*except\s*:/
const EXCEPT_EXCEPTION = /^\s*except\s+\(?\s*(?:Base)?Exception\s*\)?(?:\s+as\s+\w+)?\s*:\s*(.*)$/
const CATCH_EMPTY = /\bcatch\b\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?\s*\{\s*\}/
const CATCH_OPEN = /\bcatch\b\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?\s*\{\s*$/
const TS_ANY = /:\s*any\b|\bas\s+any\b|<any>/g
// A directive only at the start of a comment (as TypeScript reads it), not a mention in prose.
const TS_IGNORE = /^[\s*/]*@ts-(?:ignore|nocheck)\b/
const GO_PANIC = /\bpanic\(/g
const GO_MAIN = /^\s*package\s+main\b/

function count(re: RegExp, text: string): number {
  re.lastIndex = 0
  let n = 0
  while (re.exec(text)) n++
  return n
}

export function findSmells(path: string, lang: string, lexed: LexedLines, testLines?: readonly boolean[]): SmellItem[] {
  const smells: SmellItem[] = []
  const add = (kind: string, line: number, times = 1): void => {
    for (let k = 0; k < times; k++) smells.push({ kind, path, line })
  }
  const { struct, comment } = lexed
  const rust = lang === 'rust'
  const python = lang === 'python'
  const catchLang = CATCH_LANGS.has(lang)
  const ts = TS_LANGS.has(lang) || /\.(?:ts|tsx|mts|cts)$/.test(path)
  const tsComments = ts || TS_COMMENT_LANGS.has(lang)
  const go = lang === 'go'
  let goMain = false
  let pendingCatch = 0 // line of a `catch (...) {` whose block has been empty so far
  let pendingExcept = 0 // line of an `except Exception:` waiting for its body

  for (let li = 0; li < struct.length; li++) {
    const line = li + 1
    const code = struct[li] as string
    const note = comment[li] as string
    const trimmed = code.trim()
    if (rust) {
      if (testLines?.[line]) continue
      if (code.includes('.unwrap(')) add('rust-unwrap', line, count(UNWRAP, code))
      if (code.includes('.expect(')) add('rust-expect', line, count(EXPECT, code))
    } else if (python) {
      if (pendingExcept && trimmed !== '') {
        if (trimmed === 'pass' || trimmed === '...') add('python-except-pass', pendingExcept)
        pendingExcept = 0
      }
      if (trimmed.startsWith('except')) {
        if (BARE_EXCEPT.test(code)) add('python-bare-except', line)
        else {
          const m = EXCEPT_EXCEPTION.exec(code)
          if (m) {
            const rest = (m[1] ?? '').trim()
            if (rest === 'pass' || rest === '...') add('python-except-pass', line)
            else if (rest === '') pendingExcept = line
          }
        }
      }
    } else if (go) {
      if (GO_MAIN.test(code)) goMain = true
      if (code.includes('panic(')) add('go-panic', line, count(GO_PANIC, code))
    }
    if (catchLang) {
      if (pendingCatch) {
        if (note.trim() !== '') pendingCatch = 0
        else if (trimmed !== '') {
          if (trimmed.startsWith('}')) add('empty-catch', pendingCatch)
          pendingCatch = 0
        }
      }
      if (code.includes('catch') && note.trim() === '') {
        if (CATCH_EMPTY.test(code)) add('empty-catch', line)
        else if (CATCH_OPEN.test(code)) pendingCatch = line
      }
    }
    if (ts && code.includes('any')) {
      const n = count(TS_ANY, code)
      if (n > 0) add('ts-any', line, n)
    }
    if (tsComments && note.includes('@ts-') && TS_IGNORE.test(note)) add('ts-ignore', line)
  }
  return goMain ? smells.filter((s) => s.kind !== 'go-panic') : smells
}
