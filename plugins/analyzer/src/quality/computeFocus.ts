// Focus areas: where improving the project would help most, ranked by how many score points each area costs.
// Every area comes from one or two score parts (computeScore.ts): impact = sum(weight * (10 - value)) / sum of
// all weights, i.e. how much the 0-10 score would rise if that area were perfect. Areas costing less than 0.1
// points are left out. Severity: impact >= 1 high, >= 0.4 medium, else low. Ties keep the order of AREAS.
// Each area carries its evidence: the numbers behind it and the top file:line examples (longest functions,
// largest files, duplicated blocks, smells, TODOs), with git churn noted for files that change often.
import type { HealthSummary } from './computeHealth.ts'
import type { HealthScore, ScorePart } from './computeScore.ts'
import type { QualitySummary, SmellStat } from './summarizeQuality.ts'

export interface FocusArea {
  area: string
  /** 1 = most important. */
  priority: number
  severity: 'high' | 'medium' | 'low'
  summary: string
  evidence: string[]
  /** Score points (of 10) this area costs. */
  impact: number
}

const MIN_IMPACT = 0.1
const EXAMPLES = 5

interface Ctx {
  health: HealthSummary
  quality: QualitySummary
  parts: Map<string, ScorePart>
  churn: Map<string, number>
}

type Describe = (c: Ctx) => { summary: string; evidence: string[] }

const pct = (v: number): string => `${Math.round(v * 1000) / 10}%`

function churnNote(c: Ctx, path: string): string {
  const n = c.churn.get(path)
  return n ? ` (changed in ${n} commits in the last 90 days)` : ''
}

function smellEvidence(smells: readonly SmellStat[]): string[] {
  const out: string[] = []
  for (const s of smells) {
    out.push(`${s.count} × ${s.description} (${s.per1kLines} per 1000 lines)`)
    for (const e of s.examples.slice(0, 3)) out.push(`  ${e}`)
  }
  return out
}

const AREAS: Array<{ area: string; parts: string[]; describe: Describe }> = [
  {
    area: 'tests',
    parts: ['tests'],
    describe: ({ health: { tests: t } }) => ({
      summary: t.present ? `Test code is only ${pct(t.ratio)} of code lines` : 'No tests found',
      evidence: [
        `${t.testFiles} test files, ${t.testCodeLines} of ${t.codeLines} code lines are tests (${pct(t.ratio)})`,
        ...(t.command ? [`test command: ${t.command}`] : ['no test command found']),
        ...(t.frameworks.length > 0 ? [`testing frameworks: ${t.frameworks.join(', ')}`] : []),
      ],
    }),
  },
  {
    area: 'tooling',
    parts: ['ci', 'static checks'],
    describe: ({ health: h, parts }) => {
      const missing = [
        ...(h.ci.length === 0 ? ['CI'] : []),
        ...(h.linting.length === 0 ? ['linter'] : []),
        ...(h.formatting.length === 0 ? ['formatter'] : []),
        ...(h.typeChecking.length === 0 && !h.staticallyTyped ? ['type checking'] : []),
      ]
      return {
        summary: missing.length > 0 ? `No ${missing.join(', no ')}` : 'Tooling incomplete',
        evidence: [parts.get('ci')?.why ?? '', parts.get('static checks')?.why ?? ''].filter((e) => e !== ''),
      }
    },
  },
  {
    area: 'error handling',
    parts: ['error handling'],
    describe: ({ quality: q, parts }) => ({
      summary: parts.get('error handling')?.why ?? '',
      evidence: smellEvidence(q.smells.filter((s) => s.category === 'error-handling')),
    }),
  },
  {
    area: 'long functions',
    parts: ['function length'],
    describe: (c) => ({
      summary: `Function length p90 is ${c.quality.functionLength.p90} lines (average ${c.quality.functionLength.avg})`,
      evidence: c.quality.longestFunctions.map((f) => `${f.path}:${f.line} ${f.name} — ${f.lines} lines${churnNote(c, f.path)}`),
    }),
  },
  {
    area: 'large files',
    parts: ['file length'],
    describe: (c) => ({
      summary: `File length p90 is ${c.quality.fileLength.p90} lines (average ${c.quality.fileLength.avg})`,
      evidence: c.quality.largestFiles.map((f) => `${f.path} — ${f.lines} lines${churnNote(c, f.path)}`),
    }),
  },
  {
    area: 'duplication',
    parts: ['duplication'],
    describe: ({ quality: { duplication: d } }) => ({
      summary: `${pct(d.ratio)} of non-test code lines are in duplicated blocks`,
      evidence: [
        `${d.duplicatedLines} duplicated lines of ${d.codeLines}`,
        ...d.examples.map((e) => `${e.lines} lines, ${e.occurrences} times: ${e.locations.join(', ')}`),
      ],
    }),
  },
  {
    area: 'complexity',
    parts: ['complexity'],
    describe: ({ quality: q }) => ({
      summary: `Complexity is ${q.complexity}`,
      evidence: [...q.complexityDetails.why, ...smellEvidence(q.smells.filter((s) => s.category === 'complexity'))],
    }),
  },
  {
    area: 'documentation',
    parts: ['documentation'],
    describe: ({ health: h }) => ({ summary: `Documentation level: ${h.docs.level}`, evidence: h.docs.why }),
  },
  {
    area: 'type safety',
    parts: ['type safety'],
    describe: ({ quality: q, parts }) => ({
      summary: parts.get('type safety')?.why ?? '',
      evidence: smellEvidence(q.smells.filter((s) => s.category === 'type-safety')),
    }),
  },
  {
    area: 'todos',
    parts: ['todos'],
    describe: ({ health: { todos: t } }) => ({
      summary: `${t.count} TODO/FIXME/HACK/XXX markers`,
      evidence: [
        Object.entries(t.byKind).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', '),
        ...t.items.slice(0, EXAMPLES).map((i) => `${i.path}:${i.line} ${i.text}`),
      ].filter((e) => e !== ''),
    }),
  },
  {
    area: 'dependencies',
    parts: ['lockfile'],
    describe: ({ parts }) => ({ summary: 'No lockfile committed', evidence: [parts.get('lockfile')?.why ?? ''] }),
  },
]

export function computeFocus(health: HealthSummary, quality: QualitySummary, score: HealthScore): FocusArea[] {
  const parts = new Map(score.parts.map((p) => [p.name, p]))
  const totalWeight = score.parts.reduce((s, p) => s + p.weight, 0)
  if (totalWeight === 0) return []
  const churn = new Map((health.git?.churn ?? []).map((c) => [c.path, c.changes]))
  const ctx: Ctx = { health, quality, parts, churn }
  const found: Array<Omit<FocusArea, 'priority'>> = []
  for (const a of AREAS) {
    let lost = 0
    for (const name of a.parts) {
      const p = parts.get(name)
      if (p) lost += p.weight * (10 - p.value)
    }
    const impact = Math.round((lost / totalWeight) * 100) / 100
    if (impact < MIN_IMPACT) continue
    const { summary, evidence } = a.describe(ctx)
    const severity = impact >= 1 ? 'high' : impact >= 0.4 ? 'medium' : 'low'
    found.push({ area: a.area, severity, summary, evidence, impact })
  }
  found.sort((a, b) => b.impact - a.impact)
  return found.map((f, i) => ({ area: f.area, priority: i + 1, severity: f.severity, summary: f.summary, evidence: f.evidence, impact: f.impact }))
}
