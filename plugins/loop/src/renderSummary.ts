// The end of `mmm improve` for a person: score before → after with its parts, tests and lint before → after,
// each iteration and why it was kept or dropped, tokens and cost, where the work is and how to take or drop it.
import { describeSignals } from './measure.ts'
import type { Issue, Score, Session, Signals } from './types.ts'

const parts = (s: Score) => s.parts.map((p) => `${p.name} ${p.score}`).join(' · ')
const short = (sha: string) => sha.slice(0, 10)
const where = (i: Issue) => (i.file ? ` — ${i.file}${i.line ? `:${i.line}` : ''}` : '')
const tests = (s?: Signals) => (!s?.tests ? '–' : s.tests.counted ? `${s.tests.passed} passed, ${s.tests.failed} failed` : s.tests.ok ? 'pass' : 'fail')
const lint = (s?: Signals) => (!s?.lint ? '–' : `${s.lint.errors + s.lint.warnings} problem${s.lint.errors + s.lint.warnings === 1 ? '' : 's'}`)

export function renderSummary(s: Session): string {
  const out: string[] = []
  const b = s.baseline
  const c = s.current
  out.push(`mmm improve — session ${s.id} ${s.status}${s.stop ? `: ${s.stop.message}` : ''}`, '')
  if (b && c) {
    out.push(`  Score       ${b.score.score} → ${c.score.score}   (target ${s.settings.target}; ${parts(c.score)})`)
    out.push(`  Tests       ${tests(b.signals)} → ${tests(c.signals)}`)
    out.push(`  Lint        ${lint(b.signals)} → ${lint(c.signals)}`)
    if (c.signals.types) out.push(`  Type errors ${b.signals.types?.errors ?? '–'} → ${c.signals.types.errors}`)
    if (c.signals.build) out.push(`  Build       ${b.signals.build?.ok ? 'ok' : 'broken'} → ${c.signals.build.ok ? 'ok' : 'broken'}`)
  } else out.push('  No baseline was measured.')
  const accepted = s.iterations.filter((i) => i.status === 'accepted')
  out.push(`  Iterations  ${s.iterations.length} (${accepted.length} accepted, ${s.iterations.length - accepted.length} dropped)`)
  out.push(`  Claude      ${fmtTokens(s.usage.inputTokens + s.usage.outputTokens)} tokens · $${s.usage.costUsd.toFixed(4)}`)
  if (s.iterations.length) {
    out.push('')
    for (const it of s.iterations) {
      const head = `  ${it.n}. ${it.status.padEnd(11)}`
      if (it.status === 'accepted') out.push(`${head} score ${it.score?.score}  ${it.issues.map((i) => i.title).join('; ')}${it.diffStat ? `\n       ${it.diffStat.split('\n').at(-1)?.trim()}` : ''}${it.summary ? `\n       ${oneLine(it.summary, 160)}` : ''}`)
      else out.push(`${head} ${it.reason ?? (s.status === 'running' ? 'in progress' : '')}`)
    }
  }
  if (s.stop?.code === 'dry-run' && c) {
    out.push('', `  Review (${c.review.score}/10): ${oneLine(c.review.summary, 300)}`, '', '  The plan of changes, one iteration at a time:')
    const per = s.settings.issuesPerIteration
    for (let k = 0; k < Math.min(c.review.issues.length, per * s.settings.maxIterations); k += per) {
      out.push(`  Iteration ${k / per + 1}:`)
      for (const i of c.review.issues.slice(k, k + per)) out.push(`    [${i.severity}] ${i.title}${where(i)}`)
    }
    if (!c.review.issues.length) out.push('    nothing to change')
    out.push('', `  Nothing was edited. Measured: ${describeSignals(c.signals)}.`)
    return out.join('\n')
  }
  out.push('')
  if (s.status === 'applied' && s.applied) out.push(`  Applied to ${s.applied.into ?? 'HEAD'} by ${s.applied.how} (${short(s.applied.sha)}).`)
  else if (c && c.sha !== s.base.sha) {
    out.push(`  The work is on branch ${s.branch} (commit ${short(c.sha)}), in the worktree ${s.worktree}.`)
    out.push(`  Take it:  mmm improve --apply ${s.id}      Drop it:  mmm improve --discard ${s.id}`)
    out.push(`  See it:   git diff ${short(s.base.sha)} ${s.branch}      mmm loop show ${s.id}`)
  } else if (s.status === 'finished') out.push('  No change was kept; the branch and worktree were removed.')
  else if (s.status !== 'discarded') out.push(`  No change accepted yet; the work happens on branch ${s.branch} in ${s.worktree}.`)
  if (s.status === 'stopped') out.push(`  Continue: mmm loop resume ${s.id}`)
  return out.join('\n')
}

function fmtTokens(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n)
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return t.length > max ? `${t.slice(0, max - 1)}…` : t
}
