// Turns a language's comment and string syntax into lookup tables for countLines: tokens grouped by their
// first character (ASCII), longest first, so the scanner tries startsWith only where a marker can begin.
import type { LanguageDef, StringSyntax } from '../types.ts'
import type { LanguageSpec } from './languageSpec.ts'

export const TOKEN_LINE = 0
export const TOKEN_BLOCK = 1
export const TOKEN_STRING = 2
/** A line comment recognized only as the first non-blank text of a line, case-insensitively. */
export const TOKEN_LINE_START = 3

export interface Token {
  text: string
  kind: number
  /** Index into blocks or strings. */
  index: number
  /** Starts with a letter: must not follow an identifier character (r"..." but not bar"..."). */
  wordStart: boolean
  /** Ends with a letter (REM): must not be followed by an identifier character. */
  wordEnd: boolean
  /** Only at column 1 (Ruby =begin, Perl POD). */
  columnOne: boolean
}

export interface Block {
  open: string
  close: string
  closeFirst: number
  openFirst: number
  nests: boolean
}

export interface StringRule {
  close: string
  closeFirst: number
  /** Char code of the escape character, or -1. */
  escape: number
  multiline: boolean
  /** Triple-quoted: may be a docstring where the language has them. */
  triple: boolean
}

export interface CompiledSyntax {
  /** Tokens by first char code (0..127), longest first. */
  byFirst: Array<Token[] | undefined>
  blocks: Block[]
  strings: StringRule[]
  docstrings: boolean
  charLiterals: boolean
  columnComments: Array<[column: number, marker: string]>
}

const cache = new WeakMap<LanguageDef, CompiledSyntax>()

export function compileSyntax(lang: LanguageDef): CompiledSyntax {
  let compiled = cache.get(lang)
  if (compiled === undefined) {
    compiled = compile(lang as LanguageSpec)
    cache.set(lang, compiled)
  }
  return compiled
}

function compile(spec: LanguageSpec): CompiledSyntax {
  const tokens: Token[] = []
  const add = (text: string, kind: number, index: number, columnOne = false): void => {
    if (text === '') return
    tokens.push({
      text, kind, index, columnOne,
      wordStart: isLetter(text.charCodeAt(0)),
      wordEnd: kind === TOKEN_LINE_START && isLetter(text.charCodeAt(text.length - 1)),
    })
  }
  for (const marker of spec.lineComments ?? []) add(marker, TOKEN_LINE, 0)
  for (const marker of spec.lineStartComments ?? []) add(marker, TOKEN_LINE_START, 0)
  const flat = new Set(spec.flatBlockComments ?? [])
  const blocks: Block[] = (spec.blockComments ?? []).map(([open, close], index) => {
    add(open, TOKEN_BLOCK, index, spec.columnOneBlocks === true)
    return {
      open, close, openFirst: open.charCodeAt(0), closeFirst: close.charCodeAt(0),
      nests: spec.nestedComments === true && !flat.has(open),
    }
  })
  const strings = (spec.strings ?? []).map((s: StringSyntax, index): StringRule => {
    add(s.open, TOKEN_STRING, index)
    return {
      close: s.close,
      closeFirst: s.close.charCodeAt(0),
      escape: s.escape === undefined || s.escape === '' ? -1 : s.escape.charCodeAt(0),
      multiline: s.multiline === true,
      triple: s.open === '"""' || s.open === "'''",
    }
  })
  const byFirst: Array<Token[] | undefined> = new Array<Token[] | undefined>(128).fill(undefined)
  for (const token of tokens) {
    const firsts = [token.text.charCodeAt(0)]
    if (token.kind === TOKEN_LINE_START) firsts.push(token.text.toUpperCase().charCodeAt(0), token.text.toLowerCase().charCodeAt(0))
    for (const first of new Set(firsts)) {
      if (first >= 128) continue
      const list = (byFirst[first] ??= [])
      list.push(token)
      list.sort((a, b) => b.text.length - a.text.length)
    }
  }
  return {
    byFirst, blocks, strings,
    docstrings: spec.docstrings === true,
    charLiterals: spec.charLiterals === true,
    columnComments: spec.columnComments ?? [],
  }
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

/** Identifier character: ASCII letter, digit or underscore. */
export function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95
}
