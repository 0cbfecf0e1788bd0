// LanguageSpec: a LanguageDef plus the few lexical quirks countLines needs beyond the shared model.
// Every LanguageSpec is a LanguageDef, so LANGUAGES stays `readonly LanguageDef[]` for other parts.
import type { LanguageDef, StringSyntax } from '../types.ts'

export interface LanguageSpec extends LanguageDef {
  /**
   * A triple-quoted string standing alone as a statement (only whitespace or a u/r/b/f prefix before it on its
   * line) is a docstring and counts as comment, like cloc. Triple-quoted strings after code (`x = """...`) are code.
   */
  docstrings?: boolean
  /**
   * `'` starts a char literal only as 'x' or '\...' — elsewhere it is a lifetime, prime or type variable
   * (Rust 'a, Haskell x', OCaml 'a). Used instead of a `'` entry in `strings`.
   */
  charLiterals?: boolean
  /** Line comments recognized only as the first non-blank text of a line, case-insensitively (Batch REM, Vim "). */
  lineStartComments?: string[]
  /** Block-comment openers count only at column 1 (Ruby =begin, Perl POD =pod/=head1). */
  columnOneBlocks?: boolean
  /** Whole-line comments marked at a fixed 1-based column (Fortran 77 `c` in column 1, COBOL `*` in column 7). */
  columnComments?: Array<[column: number, marker: string]>
  /** Openers of block comments that do not nest although nestedComments is set (D: slash-star beside nesting `/+ +/`). */
  flatBlockComments?: string[]
}

// ---- Shared syntax pieces for the family tables ----

export const DQ: StringSyntax = { open: '"', close: '"', escape: '\\' }
export const SQ: StringSyntax = { open: "'", close: "'", escape: '\\' }
export const DQ_ML: StringSyntax = { open: '"', close: '"', escape: '\\', multiline: true }
export const SQ_ML: StringSyntax = { open: "'", close: "'", escape: '\\', multiline: true }
/** Single quotes without escapes that may span lines (shell, SQL-ish '' doubling works as close+reopen). */
export const SQ_RAW_ML: StringSyntax = { open: "'", close: "'", multiline: true }
export const SQ_RAW: StringSyntax = { open: "'", close: "'" }
export const BACKTICK_ML: StringSyntax = { open: '`', close: '`', escape: '\\', multiline: true }
export const TRIPLE_DQ: StringSyntax = { open: '"""', close: '"""', escape: '\\', multiline: true }
export const TRIPLE_SQ: StringSyntax = { open: "'''", close: "'''", escape: '\\', multiline: true }
export const TRIPLE_DQ_RAW: StringSyntax = { open: '"""', close: '"""', multiline: true }

export const C_LINE = ['//']
export const C_BLOCK: Array<[string, string]> = [['/*', '*/']]
export const HASH = ['#']
export const HTML_BLOCK: Array<[string, string]> = [['<!--', '-->']]
