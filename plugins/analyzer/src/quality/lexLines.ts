// lexLines: a file's per-line views (code, struct, comment, inString) for the quality checks; see scanText,
// which makes them in the same pass that counts the lines.
import type { LanguageDef } from '../types.ts'
import { scanText, type LexedLines } from '../languages/scanText.ts'

export type { LexedLines }

export function lexLines(text: string, lang: LanguageDef): LexedLines {
  return scanText(text, lang, true).lines as LexedLines
}
