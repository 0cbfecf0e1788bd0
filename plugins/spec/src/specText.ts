// What `mmm spec list / show / status` print for a person (the tools' `format: 'text'`); JSON stays the default
// for scripts and MCP clients.
import type { SpecRun } from './runSpec.ts'
import type { Spec } from './types.ts'

/** Columns padded to their widest cell. */
export function columns(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n')
}

const done = (s: Spec) => `${s.criteria.filter((c) => c.done).length}/${s.criteria.length}`

export function specListText(specs: readonly Spec[], filtered: boolean): string {
  if (!specs.length) return filtered ? 'No specification matches.' : 'No specifications in specs/: mmm spec init creates the folder and an example, mmm spec add <name> a new one.'
  return columns([
    ['ID', 'STATUS', 'PRIORITY', 'CRITERIA', 'TITLE', 'DEPENDS ON'],
    ...specs.map((s) => [s.id, s.status, String(s.priority), done(s), s.title, s.dependencies.join(', ')]),
  ])
}

export function specText(s: Spec): string {
  const lines = [
    `${s.title}  (${s.id}, ${s.file})`,
    `status ${s.status} · priority ${s.priority}${s.tags.length ? ` · tags ${s.tags.join(', ')}` : ''}${s.done ? ` · done ${s.done}` : ''}`,
  ]
  if (s.dependencies.length) lines.push(`depends on ${s.dependencies.join(', ')}`)
  if (s.criteria.length) lines.push('', `Acceptance criteria (${done(s)} done):`, ...s.criteria.map((c) => `  [${c.done ? 'x' : ' '}] ${c.text}`))
  if (s.validate.length) lines.push('', 'Validated by:', ...s.validate.map((v) => `  $ ${v}`))
  if (s.files.length) lines.push('', `Files: ${s.files.join(', ')}`)
  return lines.join('\n')
}

export interface SpecStatusSummary {
  total: number
  counts: Record<string, number>
  next: string[]
  waiting: Array<{ id: string; waitsFor: string[] }>
}

export function specStatusText(st: SpecStatusSummary): string {
  if (!st.total) return 'No specifications in specs/: mmm spec init creates the folder and an example.'
  const counts = Object.entries(st.counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ')
  const lines = [`${st.total} specification${st.total === 1 ? '' : 's'}: ${counts}`]
  lines.push(st.next.length ? `Ready to start: ${st.next.join(', ')}` : 'Ready to start: none')
  for (const w of st.waiting) lines.push(`Waiting: ${w.id} (for ${w.waitsFor.join(', ')})`)
  return lines.join('\n')
}

/** `mmm spec run` for a person: each spec's outcome; a spec left blocked makes it an error (exit code 1) that keeps the summary. */
export function specRunText(runs: readonly SpecRun[], error: (code: string, message: string) => Error): string {
  if (!runs.length) return 'No spec was ready to run (status ready or in-progress, dependencies done): mmm spec status shows what waits.'
  const lines: string[] = []
  for (const r of runs) {
    lines.push(`${r.id}: ${r.outcome} after ${r.iterations} iteration${r.iterations === 1 ? '' : 's'}${r.continued ? ` (${r.iterations - r.continued} in this run, continuing the last attempt)` : ''} on branch ${r.branch} (criteria ${r.criteria.done}/${r.criteria.total}, ${r.inputTokens + r.outputTokens} tokens${r.costUsd ? `, $${r.costUsd.toFixed(2)}` : ''})`)
    for (const v of r.validation) {
      lines.push(`  ${v.code === 0 ? 'passed' : 'failed'}  $ ${v.command}${v.code === 0 || v.code === null ? '' : `  (exit ${v.code})`}`)
      if (v.code !== 0 && v.tail.trim()) lines.push(...v.tail.trimEnd().split('\n').slice(-5).map((l) => `          | ${l}`))
    }
    if (r.outcome === 'done') lines.push(`  take it: git merge ${r.branch}`)
  }
  const text = lines.join('\n')
  const blocked = runs.find((r) => r.outcome !== 'done')
  if (blocked) throw error('MMM_SPEC_BLOCKED', `${text}\n${blocked.id} is blocked: its worktree ${blocked.worktree} keeps the last attempt; fix it there or raise --max-iterations: mmm spec run ${blocked.id} continues in it (--fresh starts over from HEAD)`)
  return text
}
