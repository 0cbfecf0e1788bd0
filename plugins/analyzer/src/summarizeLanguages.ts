// Per-language totals, largest first.
import type { LanguageSummary } from './AnalysisReport.ts'
import type { FileFacts } from './types.ts'

export function summarizeLanguages(files: readonly FileFacts[]): LanguageSummary[] {
  const by = new Map<string, LanguageSummary>()
  let total = 0
  for (const f of files) {
    let s = by.get(f.language)
    if (!s) by.set(f.language, (s = { name: f.language, files: 0, code: 0, comment: 0, blank: 0, percent: 0 }))
    s.files++
    s.code += f.code
    s.comment += f.comment
    s.blank += f.blank
    total += f.code
  }
  const out = [...by.values()].sort((a, b) => b.code - a.code || b.files - a.files || a.name.localeCompare(b.name))
  for (const s of out) s.percent = total ? Math.round((s.code / total) * 1000) / 10 : 0
  return out
}
