// Health score, 0-10 with one decimal: the weighted average of parts, each 0-10 with a weight and the reason
// for its value. score = round1(sum(weight * value) / sum(weight)), from the parts' values as shown (rounded to
// one decimal), so anyone can recompute it from the report.
//
// | part             | weight | value (0-10)                                                                     |
// |------------------|--------|----------------------------------------------------------------------------------|
// | tests            | 20     | 0 without test files; else 3 + 7 * min(1, test ratio / 25%)                      |
// |                  |        | (test ratio = test code lines / all code lines)                                  |
// | ci               | 10     | 10 with any CI configuration, else 0                                              |
// | static checks    | 10     | linter 5 + formatter 2.5 + type checking 2.5 (a type checker configured, or a    |
// |                  |        | statically typed main language such as Go, Rust, Java)                           |
// | documentation    | 10     | README 4 + README >= 50 lines 2 + docs/ folder 2 + 2 * min(1, comment ratio/10%) |
// | function length  | 10     | function length p90 <= 30 lines: 10, >= 100: 0, linear between                   |
// | file length      | 5      | file length p90 <= 300 lines: 10, >= 1000: 0, linear between                     |
// | complexity       | 5      | low 10, moderate 6, high 2 (see complexity.ts)                                   |
// | duplication      | 10     | duplicated-lines ratio <= 3%: 10, >= 25%: 0, linear between                      |
// | error handling   | 10     | 10 / (1 + n / 3), n = error-handling smells per 1000 non-test code lines         |
// | type safety      | 5      | 10 / (1 + n / 3), n = type-safety smells (`any`, `@ts-ignore`) per 1000 lines   |
// | todos            | 3      | 10 / (1 + n / 5), n = TODO/FIXME/HACK/XXX per 1000 code lines                    |
// | lockfile         | 2      | 10 with a lockfile, else 0; only when a package manager is used                  |
//
// Parts that do not apply are left out and the weights of the others renormalize: without any code, every
// code part (tests and all below documentation); without detected functions, function length; without a
// package manager, lockfile. Monotonic: every value only rises with more tests, more tooling, more docs, and
// only falls with longer files/functions, more complexity, duplication, smells and TODOs; no part reads
// another's input, so improving one thing never lowers the score.
import type { HealthSummary } from './computeHealth.ts'
import type { QualitySummary } from './summarizeQuality.ts'

export interface ScorePart {
  name: string
  weight: number
  /** 0-10, one decimal. */
  value: number
  why: string
}

export interface HealthScore {
  /** 0-10, one decimal. */
  score: number
  parts: ScorePart[]
}

export const TARGET_TEST_RATIO = 0.25

const r1 = (v: number): number => Math.round(v * 10) / 10
const clamp = (v: number): number => Math.min(10, Math.max(0, v))
const pct = (v: number): string => `${r1(v * 100)}%`
/** 10 at or below `good`, 0 at or above `bad`, linear between. */
const linear = (v: number, good: number, bad: number): number => clamp((10 * (bad - v)) / (bad - good))
const decay = (perK: number, half: number): number => 10 / (1 + perK / half)

function smellCount(q: QualitySummary, category: string): number {
  return q.smells.filter((s) => s.category === category).reduce((n, s) => n + s.count, 0)
}

export function computeScore(health: HealthSummary, quality: QualitySummary): HealthScore {
  const parts: ScorePart[] = []
  const add = (name: string, weight: number, value: number, why: string): void => {
    parts.push({ name, weight, value: r1(clamp(value)), why })
  }
  const hasCode = quality.codeLines > 0
  const prodLines = Math.max(0, quality.codeLines - quality.testCodeLines)

  if (hasCode) {
    const t = health.tests
    if (!t.present) add('tests', 20, 0, 'no test files found')
    else add('tests', 20, 3 + 7 * Math.min(1, t.ratio / TARGET_TEST_RATIO), `${t.testFiles} test files, test code is ${pct(t.ratio)} of code lines (full marks at ${pct(TARGET_TEST_RATIO)})`)
  }
  add('ci', 10, health.ci.length > 0 ? 10 : 0, health.ci.length > 0 ? `CI: ${health.ci.join(', ')}` : 'no CI configuration found')

  const typed = health.typeChecking.length > 0 || health.staticallyTyped
  const checks = [
    health.linting.length > 0 ? `linter: ${health.linting.join(', ')} (+5)` : 'no linter',
    health.formatting.length > 0 ? `formatter: ${health.formatting.join(', ')} (+2.5)` : 'no formatter',
    health.typeChecking.length > 0
      ? `type checking: ${health.typeChecking.join(', ')} (+2.5)`
      : health.staticallyTyped
        ? `statically typed ${health.mainLanguage ?? 'main language'} (+2.5)`
        : 'no type checking',
  ]
  add('static checks', 10, (health.linting.length > 0 ? 5 : 0) + (health.formatting.length > 0 ? 2.5 : 0) + (typed ? 2.5 : 0), checks.join('; '))

  const d = health.docs
  const readmeLong = d.readme && (d.readmeLines ?? 0) >= 50
  const docsValue = (d.readme ? 4 : 0) + (readmeLong ? 2 : 0) + (d.docsDir ? 2 : 0) + 2 * Math.min(1, d.commentRatio / 0.1)
  add('documentation', 10, docsValue, `${d.level}: ${d.why.join('; ')}`)

  if (hasCode) {
    const fl = quality.functionLength
    if (fl.count > 0) {
      const max = fl.max ? `; longest ${fl.max.name} ${fl.max.value} lines at ${fl.max.path}:${fl.max.line}` : ''
      add('function length', 10, linear(fl.p90, 30, 100), `p90 ${fl.p90} lines, average ${fl.avg} over ${fl.count} functions${max}`)
    }
    const fil = quality.fileLength
    const fmax = fil.max ? `; largest ${fil.max.path} ${fil.max.value} lines` : ''
    add('file length', 5, linear(fil.p90, 300, 1000), `p90 ${fil.p90} lines, average ${fil.avg} over ${fil.count} files${fmax}`)
    const cx = quality.complexity
    add('complexity', 5, cx === 'low' ? 10 : cx === 'moderate' ? 6 : 2, `${cx}: ${quality.complexityDetails.why.join('; ')}`)
    const dup = quality.duplication
    add('duplication', 10, linear(dup.ratio, 0.03, 0.25), `${pct(dup.ratio)} of non-test code lines are in duplicated blocks (${dup.duplicatedLines} lines)`)
    const errors = smellCount(quality, 'error-handling')
    const errPerK = prodLines > 0 ? (errors * 1000) / prodLines : 0
    add('error handling', 10, decay(errPerK, 3), `${errors} error-handling smells (${r1(errPerK)} per 1000 non-test code lines)`)
    const types = smellCount(quality, 'type-safety')
    const typesPerK = prodLines > 0 ? (types * 1000) / prodLines : 0
    add('type safety', 5, decay(typesPerK, 3), `${types} type-safety smells (${r1(typesPerK)} per 1000 non-test code lines)`)
    const todoPerK = (health.todos.count * 1000) / quality.codeLines
    add('todos', 3, decay(todoPerK, 5), `${health.todos.count} TODO/FIXME/HACK/XXX (${r1(todoPerK)} per 1000 code lines)`)
  }
  if (health.lockfile.expected) {
    add('lockfile', 2, health.lockfile.present ? 10 : 0, health.lockfile.present ? `lockfile: ${health.lockfile.files.join(', ')}` : 'package manager without a committed lockfile')
  }

  const weights = parts.reduce((s, p) => s + p.weight, 0)
  const total = parts.reduce((s, p) => s + p.weight * p.value, 0)
  return { score: weights > 0 ? r1(total / weights) : 0, parts }
}
