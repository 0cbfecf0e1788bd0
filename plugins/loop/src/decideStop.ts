// When the loop stops, checked before every iteration. Every rule is a setting (docs/improve.md).
import { totalUsage } from './addUsage.ts'
import type { Session, StopCode } from './types.ts'

export interface StopCheck {
  /** When this process started working on the session (the time limit is per run). */
  runStartedAt: number
  now: number
  stopRequested: boolean
}

export function decideStop(s: Session, c: StopCheck): { code: StopCode; message: string } | undefined {
  const st = s.settings
  const cur = s.current
  if (c.stopRequested) return { code: 'stopped', message: 'stopped on request (mmm loop stop)' }
  if (cur && cur.score.score >= st.target) return { code: 'target', message: `the score ${cur.score.score} reached the target ${st.target}` }
  if (cur && cur.review.issues.length === 0) return { code: 'no-issues', message: `the review found no ${st.severity.length < 4 ? `${st.severity.join('/')} ` : ''}issues left${st.scope.length ? ` in ${st.scope.join(', ')}` : ''}` }
  const done = s.iterations.filter((i) => i.status === 'accepted' || i.status === 'rolled-back')
  if (done.length >= st.maxIterations) return { code: 'max-iterations', message: `${st.maxIterations} iteration${st.maxIterations === 1 ? '' : 's'} done (--max-iterations)` }
  const last = done.at(-1)
  if (last?.status === 'rolled-back' && last.reason?.startsWith('regression')) {
    const before = done.at(-2)
    if (st.onRegression === 'stop' || (before?.status === 'rolled-back' && before.reason?.startsWith('regression'))) return { code: 'regression', message: `${last.reason}; rolled back${st.onRegression === 'stop' ? '' : ' twice in a row'}` }
  }
  // Diminishing returns: the last `patience` iterations each gained less than minImprovement.
  if (done.length >= st.patience) {
    const recent = done.slice(-st.patience)
    if (recent.every((i) => gainOf(s, i.n) < st.minImprovement)) return { code: 'diminishing-returns', message: `the last ${st.patience} iterations each gained less than ${st.minImprovement} points` }
  }
  if (st.timeLimitMinutes !== undefined && c.now - c.runStartedAt >= st.timeLimitMinutes * 60_000) return { code: 'time-limit', message: `the time limit of ${st.timeLimitMinutes} minutes is up` }
  const over = overBudget(s)
  if (over) return { code: 'budget', message: over }
  return undefined
}

/** Score points an iteration gained (0 when it was rolled back). */
export function gainOf(s: Session, n: number): number {
  const it = s.iterations.find((i) => i.n === n)
  if (!it || it.status !== 'accepted' || !it.score) return 0
  const prev = s.iterations.filter((i) => i.n < n && i.status === 'accepted' && i.score).at(-1)?.score ?? s.baseline?.score
  return it.score.score - (prev?.score ?? 0)
}

/** Why the session's budget is spent, or undefined. */
export function overBudget(s: Pick<Session, 'settings' | 'baselineUsage' | 'iterations'>): string | undefined {
  const b = s.settings.budget
  if (!b) return undefined
  const u = totalUsage(s)
  if ('tokens' in b) {
    const used = u.inputTokens + u.outputTokens
    return used >= b.tokens ? `the budget of ${b.tokens} tokens is spent (${used} used)` : undefined
  }
  return u.costUsd >= b.usd ? `the budget of $${b.usd.toFixed(2)} is spent ($${u.costUsd.toFixed(4)} used)` : undefined
}
