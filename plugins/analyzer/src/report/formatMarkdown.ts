// The report as Markdown: compact, factual, ordered by what a reviewer needs — the analyzer's part of
// a Claude prompt (analyzer.context packs it with key files).
import type { AnalysisReport } from '../AnalysisReport.ts'

export function formatMarkdown(r: AnalysisReport): string {
  const out: string[] = []
  const p = r.project
  out.push(`# Project analysis: ${r.path === '.' ? 'project root' : r.path}`)
  out.push('')
  out.push(`Health score: **${r.score.score.toFixed(1)} / 10** (${r.files.analyzed} source files analyzed, ${r.files.skipped.length} skipped)`)
  out.push('')
  out.push('| part | score | weight | why |')
  out.push('|---|---|---|---|')
  for (const s of r.score.parts) out.push(`| ${s.name} | ${s.value.toFixed(1)} | ${s.weight} | ${esc(s.why)} |`)
  out.push('')
  out.push('## Languages')
  out.push('')
  out.push('| language | files | code | comment | blank |')
  out.push('|---|---|---|---|---|')
  for (const l of r.languages.slice(0, 15)) out.push(`| ${l.name} | ${l.files} | ${l.code} | ${l.comment} | ${l.blank} |`)
  out.push('')
  out.push('## Stack and commands')
  out.push('')
  if (p.frameworks.length) out.push(`- Frameworks: ${p.frameworks.map((f) => `${f.name}${f.version ? ` ${f.version}` : ''} (${f.evidence[0]?.file ?? '?'})`).join(', ')}`)
  if (p.buildTools.length) out.push(`- Build tools: ${p.buildTools.map((b) => b.name).join(', ')}`)
  for (const [k, c] of Object.entries(p.commands)) if (c) out.push(`- ${k}: \`${c.command}\` (from ${c.source})`)
  out.push(`- CI: ${p.ci.join(', ') || 'none'}; linters: ${p.linters.join(', ') || 'none'}; formatters: ${p.formatters.join(', ') || 'none'}; type checking: ${p.typeCheckers.join(', ') || 'none'}`)
  if (p.workspaces.length) out.push(`- Workspaces: ${p.workspaces.join(', ')}`)
  if (p.entryPoints.length) out.push(`- Entry points: ${p.entryPoints.slice(0, 10).join(', ')}`)
  out.push('')
  out.push('## Structure')
  out.push('')
  out.push(`- Source: ${r.structure.sourceDirs.join(', ') || '(root)'}; tests: ${r.structure.testDirs.join(', ') || 'none found'}; docs: ${r.structure.docsDirs.join(', ') || 'none'}`)
  if (r.structure.excluded.length) out.push(`- Left out: ${r.structure.excluded.map((e) => `${e.path} (${e.reason})`).join(', ')}`)
  out.push('')
  if (r.focus.length) {
    out.push('## Focus areas (most important first)')
    out.push('')
    r.focus.forEach((f, i) => {
      out.push(`${i + 1}. **${f.area}** (${f.severity}): ${f.summary}`)
      for (const e of f.evidence.slice(0, 5)) out.push(`   - ${e}`)
    })
  }
  return out.join('\n')
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|')
}
