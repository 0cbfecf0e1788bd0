// One 0–10 score from the measured signals and the model's review, with its parts shown. Measured parts carry
// most of the weight; a part with nothing behind it (no lint command, say) is left out and the rest renormalised.
// Tests breaking can never raise the score: when tests that passed before fail now, the score is held at or
// below the previous one.
import type { PartName, Review, Score, ScorePart, Settings, Signals } from './types.ts'

const r1 = (v: number) => Math.round(v * 10) / 10
const clamp = (v: number) => Math.min(10, Math.max(0, v))
/** 10 with no problems, 5 at `half` problems, towards 0 beyond. */
const decay = (n: number, half: number) => 10 / (1 + n / half)

export function scoreOf(signals: Signals, review: Review | undefined, weights: Settings['weights'], previous?: { signals: Signals; score: Score }): Score {
  const parts: ScorePart[] = []
  const add = (name: PartName, score: number, detail: string) => {
    if (weights[name] > 0) parts.push({ name, score: r1(clamp(score)), weight: weights[name], detail })
  }
  const t = signals.tests
  if (t) {
    const total = t.passed + t.failed
    add('tests', t.counted && total > 0 ? (10 * t.passed) / total * (t.failed ? 0.8 : 1) : t.ok ? 10 : 0, t.counted ? `${t.passed} passed, ${t.failed} failed` : t.ok ? 'the test command passed' : 'the test command failed')
  }
  if (signals.lint) add('lint', decay(signals.lint.errors + signals.lint.warnings / 2, 5), `${signals.lint.errors} errors, ${signals.lint.warnings} warnings`)
  if (signals.types) add('types', decay(signals.types.errors, 5), `${signals.types.errors} type errors`)
  if (signals.build) add('build', signals.build.ok ? 10 : 0, signals.build.ok ? 'builds' : 'the build fails')
  if (signals.analysis) add('analysis', signals.analysis.score, `analyzer health ${signals.analysis.score}/10`)
  if (review) add('review', review.score, `Claude's review: ${review.score}/10`)
  const weight = parts.reduce((a, p) => a + p.weight, 0)
  let score = weight ? r1(parts.reduce((a, p) => a + p.score * p.weight, 0) / weight) : 0
  const out: Score = { score, parts }
  if (previous && testsBroke(previous.signals, signals) && score > previous.score.score) {
    score = previous.score.score
    out.score = score
    out.capped = 'tests that passed before fail now: the score cannot go up'
  }
  return out
}

/** Did tests that passed before fail now? (Counts when both runs were counted, else the command's outcome.) */
export function testsBroke(before: Signals, after: Signals): boolean {
  const a = before.tests
  const b = after.tests
  if (!a || !b) return false
  if (a.counted && b.counted) return b.failed > a.failed || (b.passed < a.passed && b.failed > 0)
  return a.ok && !b.ok
}

/** Why `after` is worse than `before` in a measured way (tests, lint, types, build), or undefined. */
export function findRegression(before: Signals, after: Signals): string | undefined {
  if (testsBroke(before, after)) return `tests broke (${before.tests!.counted ? `${before.tests!.failed} → ${after.tests!.failed} failing` : 'the test command passed and fails now'})`
  // Deleting a failing test is not fixing it.
  if (before.tests?.counted && after.tests?.counted && after.tests.passed < before.tests.passed) return `fewer tests pass (${before.tests.passed} → ${after.tests.passed})`
  if (before.build?.ok && after.build && !after.build.ok) return 'the build broke'
  if (before.types && after.types && after.types.errors > before.types.errors) return `type errors went up (${before.types.errors} → ${after.types.errors})`
  if (before.lint && after.lint && after.lint.errors + after.lint.warnings > before.lint.errors + before.lint.warnings) {
    return `lint problems went up (${before.lint.errors + before.lint.warnings} → ${after.lint.errors + after.lint.warnings})`
  }
  return undefined
}
