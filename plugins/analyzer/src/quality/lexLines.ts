// One pass over a file's text that splits every line into its code and its comment, using the language's comment
// and string syntax. Everything else in analyzeFileText works on these per-line views, never on the raw text again.
//
// Per line:
//   code      the line without comments; string literals kept as written (for duplicated-block hashing)
//   struct    the line without comments and with string contents dropped ("" / '' placeholders), so keywords,
//             braces and `unwrap()` inside strings are not seen (for functions, smells and nesting)
//   comment   the comment text on the line (line and block comments), for TODOs and `@ts-ignore`
//   inString  the line starts inside a multi-line string (Python docstrings, template literals, raw strings)
// Limits: regular-expression literals (JS, Ruby, Perl) and heredocs are read as code; a string that is not
// multi-line ends at the end of its line, so one stray quote never swallows the rest of the file.
import type { LanguageDef, StringSyntax } from '../types.ts'

export interface LexedLines {
  code: string[]
  struct: string[]
  comment: string[]
  inString: boolean[]
}

type Token =
  | { kind: 'line'; open: string }
  | { kind: 'block'; open: string; close: string }
  | { kind: 'string'; open: string; syntax: StringSyntax }

const DEFAULT_STRINGS: StringSyntax[] = [
  { open: '"', close: '"', escape: '\\' },
  { open: "'", close: "'", escape: '\\' },
]

interface Syntax {
  tokens: Token[]
  /** firstChars[code] = 1 when a token can start with that UTF-16 code unit (a table: this runs per character). */
  firstChars: Uint8Array
  nested: boolean
  rustChars: boolean
}

const syntaxCache = new WeakMap<LanguageDef, Syntax>()

function syntaxOf(lang: LanguageDef): Syntax {
  const cached = syntaxCache.get(lang)
  if (cached) return cached
  const tokens: Token[] = []
  for (const [open, close] of lang.blockComments ?? []) if (open) tokens.push({ kind: 'block', open, close })
  for (const open of lang.lineComments ?? []) if (open) tokens.push({ kind: 'line', open })
  for (const syntax of lang.strings ?? (lang.type === 'programming' ? DEFAULT_STRINGS : [])) {
    if (syntax.open) tokens.push({ kind: 'string', open: syntax.open, syntax })
  }
  // Longest first: `"""` before `"`, `--[[` before `--`; at equal length comments win over strings.
  tokens.sort((a, b) => b.open.length - a.open.length)
  const syntax: Syntax = {
    tokens,
    firstChars: firstCharTable(tokens),
    nested: lang.nestedComments === true,
    rustChars: lang.name.toLowerCase() === 'rust',
  }
  syntaxCache.set(lang, syntax)
  return syntax
}

function firstCharTable(tokens: readonly Token[]): Uint8Array {
  const table = new Uint8Array(65536)
  for (const t of tokens) if (t.open.length > 0) table[t.open.charCodeAt(0)] = 1
  return table
}

/** Rust: `'a` is a lifetime, not a string; only `'x'`, `'\n'`, `'\u{..}'` are char literals. */
const RUST_CHAR = /^'(?:[^'\\]|\\[^u]|\\u\{[0-9a-fA-F]{1,6}\})'/

export function lexLines(text: string, lang: LanguageDef): LexedLines {
  const syntax = syntaxOf(lang)
  const lines = text.split('\n')
  const out: LexedLines = { code: [], struct: [], comment: [], inString: [] }
  // Open construct carried across lines: a block comment (with nesting depth) or a multi-line string.
  let block: { open: string; close: string; depth: number } | null = null
  let str: StringSyntax | null = null

  for (let raw of lines) {
    if (raw.endsWith('\r')) raw = raw.slice(0, -1)
    out.inString.push(str !== null)
    let code = ''
    let struct = ''
    let comment = ''
    let i = 0
    let segStart = 0 // start of the pending run of plain code characters
    const n = raw.length
    const flushCode = (end: number): void => {
      if (end > segStart) {
        const seg = raw.slice(segStart, end)
        code += seg
        struct += seg
      }
    }
    while (i < n) {
      if (block) {
        const close = raw.indexOf(block.close, i)
        const reopen = syntax.nested ? raw.indexOf(block.open, i) : -1
        if (reopen !== -1 && (close === -1 || reopen < close)) {
          block.depth++
          comment += raw.slice(i, reopen + block.open.length)
          i = reopen + block.open.length
          continue
        }
        if (close === -1) {
          comment += raw.slice(i)
          i = n
          break
        }
        comment += raw.slice(i, close)
        i = close + block.close.length
        if (--block.depth === 0) block = null
        segStart = i
        continue
      }
      if (str) {
        const s: StringSyntax = str
        let j = i
        let closed = false
        while (j < n) {
          if (s.escape && raw.startsWith(s.escape, j) && s.escape !== s.close) {
            j += s.escape.length + 1
            continue
          }
          if (raw.startsWith(s.close, j)) {
            closed = true
            break
          }
          j++
        }
        const end = Math.min(j, n)
        code += raw.slice(i, closed ? end + s.close.length : n)
        if (closed) {
          struct += s.close
          i = end + s.close.length
          str = null
          segStart = i
        } else {
          i = n
          segStart = n
        }
        continue
      }
      if (syntax.firstChars[raw.charCodeAt(i)] !== 1) {
        i++
        continue
      }
      let matched: Token | null = null
      for (const t of syntax.tokens) {
        if (raw.startsWith(t.open, i)) {
          matched = t
          break
        }
      }
      if (!matched || (matched.kind === 'string' && matched.open === "'" && syntax.rustChars && !RUST_CHAR.test(raw.slice(i, i + 12)))) {
        i++
        continue
      }
      flushCode(i)
      if (matched.kind === 'line') {
        comment += raw.slice(i + matched.open.length)
        i = n
        segStart = n
        break
      }
      if (matched.kind === 'block') {
        block = { open: matched.open, close: matched.close, depth: 1 }
        i += matched.open.length
        continue
      }
      str = matched.syntax
      code += matched.open
      struct += matched.open
      i += matched.open.length
      segStart = i
    }
    if (!block && !str) flushCode(n)
    if (str && !str.multiline) str = null
    out.code.push(code)
    out.struct.push(struct)
    out.comment.push(comment)
  }
  return out
}
