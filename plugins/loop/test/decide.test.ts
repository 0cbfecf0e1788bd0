// The score and the stop rules as pure functions: every part shown, tests breaking never raise the score, and
// each stop rule fires when — and only when — its condition holds.
import { describe, expect, it } from 'vitest'
import { decideStop } from '../src/decideStop.ts'
import { defaultSettings, resolveSettings } from '../src/resolveSettings.ts'
import { normalizeIssue } from '../src/reviewCode.ts'
import { findRegression, scoreOf } from '../src/scoreOf.ts'
import type { Iteration, Review, Session, Signals } from '../src/types.ts'

const signals = (o: Partial<Signals> = {}): Signals => ({ at: '', commands: [], tests: { passed: 10, failed: 0, skipped: 0, ok: true, counted: true }, lint: { errors: 0, warnings: 0, ok: true }, ...o })
const review = (score: number, issues = 1): Review => ({ score, summary: '', parts: [], issues: Array.from({ length: issues }, (_, i) => ({ severity: 'high' as const, title: `issue ${i}` })) })
const w = defaultSettings().weights

function session(o: { score?: number; issues?: number; iterations?: Array<Partial<Iteration>>; settings?: Record<string, unknown> } = {}): Session {
  const sc = { score: o.score ?? 5, parts: [] }
  return {
    id: 's', status: 'running', createdAt: '', updatedAt: '', branch: 'b', worktree: 'w', linked: [], noise: [], commands: {},
    base: { sha: 'a', branch: 'main', dirty: false }, settings: resolveSettings({}, o.settings ?? {}), phase: 'review',
    baseline: { signals: signals(), review: review(5), score: { score: 5, parts: [] } },
    current: { sha: 'a', signals: signals(), review: review(o.score ?? 5, o.issues ?? 1), score: sc },
    iterations: (o.iterations ?? []).map((it, i) => ({ n: i + 1, status: 'accepted', startedAt: '', issues: [], summary: '', filesChanged: [], usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, ...it })),
    baselineUsage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  }
}
const check = { runStartedAt: 0, now: 1000, stopRequested: false }

describe('the score', () => {
  it('shows every part, and leaves out what was not measured', () => {
    const s = scoreOf(signals({ types: { errors: 5, ok: false }, build: { ok: true }, analysis: { score: 7 } }), review(8), w)
    expect(s.parts.map((p) => [p.name, p.score])).toEqual([['tests', 10], ['lint', 10], ['types', 5], ['build', 10], ['analysis', 7], ['review', 8]])
    expect(s.score).toBe(8.4) // (10·2 + 10 + 5 + 10 + 7 + 8·3) / 9
    expect(scoreOf(signals({ lint: undefined }), undefined, w).parts.map((p) => p.name)).toEqual(['tests'])
  })

  it('never goes up when tests that passed now fail, whatever the review says', () => {
    const before = { signals: signals(), score: scoreOf(signals(), review(3), w) }
    for (const r of [0, 5, 9, 10]) {
      const broken = scoreOf(signals({ tests: { passed: 9, failed: 1, skipped: 0, ok: false, counted: true }, lint: { errors: 0, warnings: 0, ok: true } }), review(r), w, before)
      expect(broken.score).toBeLessThanOrEqual(before.score.score)
    }
    const capped = scoreOf(signals({ tests: { passed: 9, failed: 1, skipped: 0, ok: false, counted: true } }), review(10), w, before)
    expect(capped.capped).toMatch(/tests that passed before fail now/)
  })

  it('a regression is named: tests, fewer passing tests, build, type errors, lint', () => {
    const t = (passed: number, failed: number) => ({ passed, failed, skipped: 0, ok: failed === 0, counted: true })
    expect(findRegression(signals(), signals({ tests: t(9, 1) }))).toBe('tests broke (0 → 1 failing)')
    expect(findRegression(signals(), signals({ tests: t(8, 0) }))).toBe('fewer tests pass (10 → 8)')
    expect(findRegression(signals({ build: { ok: true } }), signals({ build: { ok: false } }))).toBe('the build broke')
    expect(findRegression(signals({ types: { errors: 0, ok: true } }), signals({ types: { errors: 2, ok: false } }))).toBe('type errors went up (0 → 2)')
    expect(findRegression(signals(), signals({ lint: { errors: 1, warnings: 0, ok: false } }))).toBe('lint problems went up (0 → 1)')
    expect(findRegression(signals({ tests: t(9, 1) }), signals({ tests: t(10, 0) }))).toBeUndefined()
  })
})

describe('the stop rules', () => {
  it('target, no issues, max iterations', () => {
    expect(decideStop(session({ score: 8 }), check)?.code).toBe('target')
    expect(decideStop(session({ score: 7.9 }), check)).toBeUndefined()
    expect(decideStop(session({ issues: 0 }), check)?.code).toBe('no-issues')
    expect(decideStop(session({ iterations: [{ score: { score: 6, parts: [] } }, { score: { score: 7, parts: [] } }], settings: { maxIterations: 2 } }), check)?.code).toBe('max-iterations')
  })

  it('diminishing returns: gains under the threshold, `patience` times in a row', () => {
    const small = [{ score: { score: 5.05, parts: [] } }, { score: { score: 5.1, parts: [] } }]
    expect(decideStop(session({ iterations: small }), check)?.code).toBe('diminishing-returns')
    expect(decideStop(session({ iterations: small, settings: { patience: 3 } }), check)).toBeUndefined()
    expect(decideStop(session({ iterations: [{ score: { score: 6, parts: [] } }, { score: { score: 6.05, parts: [] } }] }), check)).toBeUndefined()
  })

  it('a regression is retried once, then stops (or stops at once with onRegression stop)', () => {
    const reg = { status: 'rolled-back' as const, reason: 'regression: tests broke (0 → 1 failing)' }
    expect(decideStop(session({ iterations: [{ score: { score: 6, parts: [] } }, reg] }), check)).toBeUndefined()
    expect(decideStop(session({ iterations: [{ score: { score: 6, parts: [] } }, reg, reg] }), check)?.code).toBe('regression')
    expect(decideStop(session({ iterations: [{ score: { score: 6, parts: [] } }, reg], settings: { onRegression: 'stop' } }), check)?.code).toBe('regression')
  })

  it('time limit, budget, and a stop request', () => {
    expect(decideStop(session({ settings: { timeLimitMinutes: 1 } }), { ...check, now: 59_000 })).toBeUndefined()
    expect(decideStop(session({ settings: { timeLimitMinutes: 1 } }), { ...check, now: 60_000 })?.code).toBe('time-limit')
    const spent = session({ settings: { budget: '$1' }, iterations: [{ status: 'rolled-back', reason: 'no change', usage: { inputTokens: 10, outputTokens: 10, costUsd: 1.2 } }] })
    expect(decideStop(spent, check)).toMatchObject({ code: 'budget', message: expect.stringMatching(/\$1\.00 is spent/) })
    expect(decideStop(session(), { ...check, stopRequested: true })?.code).toBe('stopped')
  })
})

describe('issues as models write them', () => {
  it('a place becomes a root-relative path and a line number ≥ 1, or none', () => {
    const roots = ['/repo/.mmm/worktrees/w', '/repo']
    expect(normalizeIssue({ severity: 'high', title: 't', file: '/repo/.mmm/worktrees/w/src/a.ts', line: '12-15' }, roots)).toEqual({ severity: 'high', title: 't', file: 'src/a.ts', line: 12 })
    expect(normalizeIssue({ severity: 'low', title: 't', file: '/repo/src/b.ts:7:3', line: 0 }, roots)).toEqual({ severity: 'low', title: 't', file: 'src/b.ts' })
    expect(normalizeIssue({ severity: 'low', title: 't', file: './c.py', line: 'n/a' }, roots)).toEqual({ severity: 'low', title: 't', file: 'c.py' })
    expect(normalizeIssue({ severity: 'low', title: 't', file: '  ' }, roots)).toEqual({ severity: 'low', title: 't' })
  })
})
