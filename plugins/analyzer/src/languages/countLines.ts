// countLines: code / comment / blank lines of one file, in a single pass over its characters.
//
// Conventions (cloc's):
//   - blank: only whitespace — also inside a block comment or a multi-line string;
//   - comment: only comment text and whitespace;
//   - code: anything else, so code followed by a comment is code, and the lines of a string spanning lines
//     (template literals, triple quotes, raw strings) are code.
// Comment markers inside strings are not comments; block comments nest where the language's do (Rust, Haskell,
// Swift, Scala, Kotlin, D /+ +/, OCaml, Julia, Nim...). Python/Starlark docstrings — a triple-quoted string that
// is a statement on its own line — count as comment like cloc; a triple-quoted string after code (x = """...)
// is code (cloc counts its later lines as comments). "\r\n", "\r" before "\n", and a last line without "\n" are
// handled; a lone "\r" is treated as whitespace, not as a line break. A first line starting with #! is code.
import type { LanguageDef, LineCounts } from '../types.ts'
import {
  compileSyntax, isLetter, isWordChar, TOKEN_BLOCK, TOKEN_LINE, TOKEN_LINE_START, TOKEN_STRING,
  type Block, type CompiledSyntax, type StringRule,
} from './compileSyntax.ts'

const NORMAL = 0
const BLOCK = 1
const STRING = 2
const DOCSTRING = 3

export function countLines(text: string, lang: LanguageDef): LineCounts {
  const syn = compileSyntax(lang)
  const byFirst = syn.byFirst
  const n = text.length
  let code = 0
  let comment = 0
  let blank = 0
  let hasCode = false
  let hasComment = false
  /** Index of the first code character on the current line, -1 before it. */
  let firstCode = -1
  let lineStart = 0
  let state = NORMAL
  let depth = 0
  let block: Block | undefined
  let str: StringRule | undefined
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  if (text.startsWith('#!', i)) {
    // A #! line is code in every language (cloc's convention: it is an instruction, not a remark).
    hasCode = true
    i = lineEnd(text, i)
  } else if (syn.columnComments.length > 0 && columnComment(text, 0, syn)) {
    hasComment = true
    i = lineEnd(text, 0)
  }
  while (i < n) {
    const ch = text.charCodeAt(i)
    if (ch === 10) {
      if (hasCode) code++
      else if (hasComment) comment++
      else blank++
      hasCode = false
      hasComment = false
      firstCode = -1
      i++
      lineStart = i
      if ((state === STRING || state === DOCSTRING) && str !== undefined && !str.multiline) state = NORMAL
      if (state === NORMAL && syn.columnComments.length > 0 && columnComment(text, i, syn)) {
        hasComment = true
        i = lineEnd(text, i)
      }
      continue
    }
    if (ch === 32 || ch === 9 || ch === 13 || ch === 12 || ch === 11 || ch === 0xfeff || ch === 0xa0) {
      i++
      continue
    }

    if (state === NORMAL) {
      const tokens = ch < 128 ? byFirst[ch] : undefined
      let matched = false
      if (tokens !== undefined) {
        for (const t of tokens) {
          if (t.columnOne && i !== lineStart) continue
          if (t.wordStart && i > 0 && isWordChar(text.charCodeAt(i - 1))) continue
          if (t.kind === TOKEN_LINE_START) {
            if (hasCode || hasComment || !startsWithIgnoreCase(text, t.text, i)) continue
            if (t.wordEnd && i + t.text.length < n && isWordChar(text.charCodeAt(i + t.text.length))) continue
          } else if (!text.startsWith(t.text, i)) continue
          matched = true
          if (t.kind === TOKEN_LINE || t.kind === TOKEN_LINE_START) {
            hasComment = true
            i = lineEnd(text, i)
          } else if (t.kind === TOKEN_BLOCK) {
            hasComment = true
            state = BLOCK
            block = syn.blocks[t.index]
            depth = 1
            i += t.text.length
          } else if (t.kind === TOKEN_STRING) {
            str = syn.strings[t.index]
            if (str !== undefined && str.triple && syn.docstrings && startsStatement(text, firstCode, i)) {
              state = DOCSTRING
              hasCode = false
              hasComment = true
            } else {
              state = STRING
              hasCode = true
              if (firstCode < 0) firstCode = i
            }
            i += t.text.length
          }
          break
        }
      }
      if (matched) continue
      if (firstCode < 0) firstCode = i
      hasCode = true
      i += ch === 39 && syn.charLiterals ? charLiteralLength(text, i) : 1
    } else if (state === BLOCK && block !== undefined) {
      hasComment = true
      if (ch === block.closeFirst && text.startsWith(block.close, i)) {
        i += block.close.length
        if (--depth === 0) state = NORMAL
      } else if (block.nests && ch === block.openFirst && text.startsWith(block.open, i)) {
        i += block.open.length
        depth++
      } else i++
    } else if (str !== undefined) {
      if (state === DOCSTRING) hasComment = true
      else hasCode = true
      if (ch === str.escape) {
        i++
        if (i < n && text.charCodeAt(i) !== 10) i++
      } else if (ch === str.closeFirst && text.startsWith(str.close, i)) {
        i += str.close.length
        state = NORMAL
      } else i++
    } else i++
  }
  if (n > 0 && text.charCodeAt(n - 1) !== 10) {
    if (hasCode) code++
    else if (hasComment) comment++
    else blank++
  }
  return { code, comment, blank }
}

/** Index of the "\n" ending the line that holds `i` (or the text's length). */
function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i)
  return nl < 0 ? text.length : nl
}

/** Whether the line starting at `start` is a fixed-column comment (Fortran 77, COBOL). */
function columnComment(text: string, start: number, syn: CompiledSyntax): boolean {
  for (const [column, marker] of syn.columnComments) {
    const at = start + column - 1
    if (at >= text.length) continue
    const nl = text.indexOf('\n', start)
    if (nl >= 0 && nl < at + marker.length) continue
    if (text.startsWith(marker, at)) return true
  }
  return false
}

/**
 * A triple-quoted string at `i` is a statement of its own (a docstring) when nothing precedes it on the line
 * but whitespace and at most two string-prefix letters (r, u, b, f: r"""raw docstring""").
 */
function startsStatement(text: string, firstCode: number, i: number): boolean {
  if (firstCode < 0) return true
  if (i - firstCode > 2) return false
  for (let k = firstCode; k < i; k++) {
    const c = text.charCodeAt(k) | 0x20
    if (c !== 0x72 && c !== 0x75 && c !== 0x62 && c !== 0x66) return false
  }
  return true
}

/** Length of a char literal at `i` ('x', '\n', '\u{1F600}'), or 1 when this ' is a lifetime/prime/type variable. */
function charLiteralLength(text: string, i: number): number {
  const next = text.charCodeAt(i + 1)
  if (next === 92) {
    const end = text.indexOf("'", i + 3)
    const nl = text.indexOf('\n', i)
    if (end > 0 && end - i <= 12 && (nl < 0 || end < nl)) return end - i + 1
    return 1
  }
  if (next === 10 || next === 39 || Number.isNaN(next)) return 1
  const width = next >= 0xd800 && next <= 0xdbff ? 2 : 1
  return text.charCodeAt(i + 1 + width) === 39 ? width + 2 : 1
}

function startsWithIgnoreCase(text: string, marker: string, i: number): boolean {
  if (i + marker.length > text.length) return false
  for (let k = 0; k < marker.length; k++) {
    const a = text.charCodeAt(i + k)
    const b = marker.charCodeAt(k)
    if (a !== b && !(isLetter(a) && (a | 0x20) === (b | 0x20))) return false
  }
  return true
}
