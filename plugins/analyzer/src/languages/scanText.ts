// scanText: the one character pass over a file. It counts code / comment / blank lines and, when asked, splits
// every line into the views the quality checks read, so no file is ever lexed twice.
//
// Line counts (cloc's conventions):
//   - blank: only whitespace — also inside a block comment or a multi-line string;
//   - comment: only comment text and whitespace;
//   - code: anything else, so code followed by a comment is code, and the lines of a string spanning lines
//     (template literals, triple quotes, raw strings) are code.
// Comment markers inside strings are not comments; block comments nest where the language's do (Rust, Haskell,
// Swift, Scala, Kotlin, D /+ +/, OCaml, Julia, Nim...). Python/Starlark docstrings — a triple-quoted string that
// is a statement on its own line — count as comment like cloc; a triple-quoted string after code (x = """...)
// is code (cloc counts its later lines as comments). "\r\n", "\r" before "\n", and a last line without "\n" are
// handled; a lone "\r" is treated as whitespace, not as a line break. A first line starting with #! is code.
//
// Views, per line (one entry per "\n" plus one; a trailing "\r" is dropped):
//   code      the line without comments; string literals kept as written (for duplicated-block hashing)
//   struct    the line without comments and with string contents dropped (the quotes stay), so keywords,
//             braces and `unwrap()` inside strings are not seen (functions, smells, nesting)
//   comment   the comment text on the line without its markers (docstrings included), for TODOs and `@ts-ignore`
//   inString  the line starts inside a multi-line string or docstring
// Limits: regular-expression literals (JS, Ruby, Perl) and heredocs are read as code; a string that is not
// multi-line ends at the end of its line, so one stray quote never swallows the rest of the file.
import type { LanguageDef, LineCounts } from '../types.ts'
import {
  compileSyntax, isLetter, isWordChar, TOKEN_BLOCK, TOKEN_LINE, TOKEN_LINE_START, TOKEN_STRING,
  type Block, type CompiledSyntax, type StringRule,
} from './compileSyntax.ts'

export interface LexedLines {
  code: string[]
  struct: string[]
  comment: string[]
  inString: boolean[]
}

export interface ScanResult {
  counts: LineCounts
  /** Present when scanText was asked for views. */
  lines?: LexedLines
}

const NORMAL = 0
const BLOCK = 1
const STRING = 2
const DOCSTRING = 3

export function scanText(text: string, lang: LanguageDef, views: boolean): ScanResult {
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

  // Views: each line's pieces are slices between run starts (-1: no run pending), so the common line — code
  // only — costs one slice.
  const out: LexedLines | undefined = views ? { code: [], struct: [], comment: [], inString: [] } : undefined
  let codeRun = 0
  let structRun = 0
  let commentRun = -1
  let lineCode = ''
  let lineStruct = ''
  let lineComment = ''
  let lineInString = false

  /** Ends the current line's views at `at` (its "\n", or the end of the text), without a trailing "\r". */
  const pushLine = (views: LexedLines, at: number): void => {
    const end = at > lineStart && text.charCodeAt(at - 1) === 13 ? at - 1 : at
    if (codeRun >= 0 && end > codeRun) lineCode += text.slice(codeRun, end)
    if (structRun >= 0 && end > structRun) lineStruct += text.slice(structRun, end)
    if (commentRun >= 0 && end > commentRun) lineComment += text.slice(commentRun, end)
    views.code.push(lineCode)
    views.struct.push(lineStruct)
    views.comment.push(lineComment)
    views.inString.push(lineInString)
    lineCode = lineStruct = lineComment = ''
  }

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  codeRun = structRun = i
  if (text.startsWith('#!', i)) {
    // A #! line is code in every language (cloc's convention: it is an instruction, not a remark).
    hasCode = true
    i = lineEnd(text, i)
  } else if (syn.columnComments.length > 0 && columnComment(text, 0, syn)) {
    hasComment = true
    i = lineEnd(text, 0)
    if (out) {
      lineComment = text.slice(0, i)
      codeRun = structRun = -1
    }
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
      if (out) pushLine(out, i)
      i++
      lineStart = i
      if ((state === STRING || state === DOCSTRING) && str !== undefined && !str.multiline) state = NORMAL
      if (out) {
        lineInString = state === STRING || state === DOCSTRING
        codeRun = state === NORMAL || state === STRING ? i : -1
        structRun = state === NORMAL ? i : -1
        commentRun = state === BLOCK || state === DOCSTRING ? i : -1
      }
      if (state === NORMAL && syn.columnComments.length > 0 && columnComment(text, i, syn)) {
        hasComment = true
        const start = i
        i = lineEnd(text, i)
        if (out) {
          commentRun = start
          codeRun = structRun = -1
        }
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
          const rule = t.kind === TOKEN_STRING ? syn.strings[t.index] : undefined
          const docstring = rule !== undefined && rule.triple && syn.docstrings && startsStatement(text, firstCode, i)
          // Code ends at a comment or docstring (a string's opening quote stays in both code and struct).
          if (out && (t.kind !== TOKEN_STRING || docstring)) {
            if (codeRun >= 0 && i > codeRun) lineCode += text.slice(codeRun, i)
            if (structRun >= 0 && i > structRun) lineStruct += text.slice(structRun, i)
            codeRun = structRun = -1
          }
          if (t.kind === TOKEN_LINE || t.kind === TOKEN_LINE_START) {
            hasComment = true
            const end = lineEnd(text, i)
            if (out) commentRun = i + t.text.length > end ? end : i + t.text.length
            i = end
          } else if (t.kind === TOKEN_BLOCK) {
            hasComment = true
            state = BLOCK
            block = syn.blocks[t.index]
            depth = 1
            i += t.text.length
            if (out) commentRun = i
          } else if (t.kind === TOKEN_STRING) {
            str = rule
            if (docstring) {
              state = DOCSTRING
              hasCode = false
              hasComment = true
              i += t.text.length
              if (out) commentRun = i
            } else {
              state = STRING
              hasCode = true
              if (firstCode < 0) firstCode = i
              i += t.text.length
              if (out) {
                if (structRun >= 0 && i > structRun) lineStruct += text.slice(structRun, i)
                structRun = -1
              }
            }
          }
          break
        }
      }
      if (matched) continue
      if (firstCode < 0) firstCode = i
      hasCode = true
      if (ch === 39 && syn.charLiterals) {
        const len = charLiteralLength(text, i)
        // struct drops a char literal's content like a string's: `'{'` must not open a block.
        if (out && len > 1 && structRun >= 0) {
          lineStruct += text.slice(structRun, i) + "''"
          structRun = i + len
        }
        i += len
      } else i++
    } else if (state === BLOCK && block !== undefined) {
      hasComment = true
      if (ch === block.closeFirst && text.startsWith(block.close, i)) {
        if (out && commentRun >= 0 && i > commentRun) lineComment += text.slice(commentRun, i)
        i += block.close.length
        if (--depth === 0) {
          state = NORMAL
          if (out) {
            commentRun = -1
            codeRun = structRun = i
          }
        } else if (out) commentRun = i
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
        if (out) {
          if (state === DOCSTRING) {
            if (commentRun >= 0 && i > commentRun) lineComment += text.slice(commentRun, i)
            commentRun = -1
            codeRun = i + str.close.length
          } else lineStruct += str.close
          structRun = i + str.close.length
        }
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
  const counts = { code, comment, blank }
  if (!out) return { counts }
  // The last line (empty after a final "\n"), so views have one entry per "\n" plus one.
  pushLine(out, n)
  return { counts, lines: out }
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
