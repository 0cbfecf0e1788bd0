// The terminal summary of `mmm analyze`: what a developer wants to see first, in one screen.
import type { AnalysisReport } from '../AnalysisReport.ts'

export function formatText(r: AnalysisReport): string {
  const out: string[] = []
  out.push(`Project ${r.path === '.' ? r.root : `${r.root}/${r.path}`}`)
  out.push(`${n(r.files.analyzed)} source files of ${n(r.files.total)} analyzed in ${r.durationMs} ms${r.files.fromCache ? ` (${n(r.files.fromCache)} from cache)` : ''}${r.files.skipped.length ? `, ${n(r.files.skipped.length)} skipped` : ''}${r.files.truncated ? ' — file limit reached, results are partial' : ''}`)
  out.push('')
  out.push(...scoreLines(r.score))
  out.push('')
  out.push(...languageLines(r.languages, 10))
  out.push('')
  const p = r.project
  if (p.frameworks.length) out.push(`Frameworks  ${p.frameworks.map((f) => f.name + (f.version ? ` ${f.version}` : '')).join(', ')}`)
  if (p.buildTools.length) out.push(`Build       ${p.buildTools.map((b) => b.name).join(', ')}`)
  const cmds = Object.entries(p.commands).filter(([, c]) => c)
  if (cmds.length) {
    out.push('Commands')
    for (const [k, c] of cmds) out.push(`  ${pad(k, 10)} ${c!.command}  (${c!.source})`)
  } else out.push('Commands    none found (no test, lint, format, build or typecheck command)')
  const tooling = [
    ['CI', p.ci],
    ['Lint', p.linters],
    ['Format', p.formatters],
    ['Types', p.typeCheckers],
  ] as const
  out.push(tooling.map(([k, v]) => `${k}: ${v.length ? v.join(', ') : 'none'}`).join(' · '))
  if (p.workspaces.length) out.push(`Workspaces  ${p.workspaces.join(', ')}`)
  out.push('')
  if (r.focus.length) out.push(...focusLines(r.focus, 6, 3))
  if (r.structure.excluded.length) out.push(`\nLeft out: ${r.structure.excluded.map((e) => `${e.path} (${e.reason})`).join(', ')}`)
  out.push('\nFull report: mmm analyze --json · for Claude: mmm analyze --format markdown')
  return out.join('\n')
}

const n = (x: number) => x.toLocaleString('en-US')

/** The 0–10 score and its parts, each with why. */
export function scoreLines(score: AnalysisReport['score']): string[] {
  return [`Health score ${score.score.toFixed(1)} / 10`, ...score.parts.map((p) => `  ${pad(p.name, 16)} ${p.value.toFixed(1).padStart(4)}  ×${p.weight}  ${p.why}`)]
}

/** Files and code / comment / blank lines per language (the first `limit` of them). */
export function languageLines(languages: AnalysisReport['languages'], limit = Infinity): string[] {
  if (!languages.length) return ['Languages: no source files found']
  const langs = languages.slice(0, limit)
  const w = Math.max(8, ...langs.map((l) => l.name.length))
  const out = ['Languages', `  ${pad('', w)} ${'files'.padStart(7)} ${'code'.padStart(9)} ${'comment'.padStart(9)} ${'blank'.padStart(8)}`]
  for (const l of langs) out.push(`  ${pad(l.name, w)} ${n(l.files).padStart(7)} ${n(l.code).padStart(9)} ${n(l.comment).padStart(9)} ${n(l.blank).padStart(8)}  ${l.percent}%`)
  if (languages.length > langs.length) out.push(`  … and ${languages.length - langs.length} more`)
  return out
}

/** Ranked improvement areas with their evidence. */
export function focusLines(focus: AnalysisReport['focus'], limit = Infinity, evidence = Infinity): string[] {
  if (!focus.length) return ['Focus areas: none (nothing stands out)']
  const out = ['Focus areas']
  focus.slice(0, limit).forEach((f, i) => {
    out.push(`  ${i + 1}. [${f.severity}] ${f.area}: ${f.summary}`)
    for (const e of f.evidence.slice(0, evidence)) out.push(`       ${e}`)
  })
  return out
}

function pad(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length)
}
