// countLines: code / comment / blank lines of one file (cloc's conventions; see scanText, which does the work).
import type { LanguageDef, LineCounts } from '../types.ts'
import { scanText } from './scanText.ts'

export function countLines(text: string, lang: LanguageDef): LineCounts {
  return scanText(text, lang, false).counts
}
