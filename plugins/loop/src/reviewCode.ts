// The review: Claude reads the project (the analyzer's packed context), the measured signals and, after an
// iteration, its diff, and answers with a structured review — a 0–10 score with its parts and the issues,
// each with a severity and a place. Issues outside --scope or below --severity are dropped here.
import type { CallContext } from '@mmm/kernel/plugin'
import { addUsage } from './addUsage.ts'
import { inScope } from './inScope.ts'
import { describeSignals } from './measure.ts'
import { SEVERITIES, type Issue, type Review, type Settings, type Signals, type Usage } from './types.ts'

const SCHEMA = {
  type: 'object',
  required: ['score', 'summary', 'issues'],
  properties: {
    score: { type: 'number', minimum: 0, maximum: 10 },
    summary: { type: 'string' },
    parts: { type: 'array', items: { type: 'object', required: ['name', 'score'], properties: { name: { type: 'string' }, score: { type: 'number', minimum: 0, maximum: 10 }, note: { type: 'string' } } } },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        required: ['severity', 'title'],
        properties: {
          severity: { enum: [...SEVERITIES] },
          title: { type: 'string' },
          file: { type: 'string' },
          // Models write "12", "12-15" or 0 as often as 12: taken as given, normalized below.
          line: { type: ['integer', 'string'] },
          description: { type: 'string' },
          suggestion: { type: 'string' },
        },
      },
    },
  },
}

const SYSTEM = `You review code for a tool that improves it in measured iterations. Score the project from 0 to 10 (10: nothing worth changing) with parts such as correctness, tests, readability, error handling and design. List concrete issues, most important first, each with a severity (critical, high, medium, low), the file (path relative to the project root) and line where it is, what is wrong and how to fix it. Failing tests, lint problems and type errors in the measurements are issues. Only list what a change to the code can fix.`

export interface ReviewInput {
  dir: string
  /** Absolute paths (the worktree's, then the project's) a review may name files under: made relative. */
  roots?: string[]
  session: string
  settings: Settings
  signals: Signals
  /** The change under review (an iteration's diff), if any. */
  diff?: string
}

export async function reviewCode(call: CallContext, r: ReviewInput, usage: Usage): Promise<Review> {
  const context = await call.tools.call<{ text?: string }>('analyzer.context', { path: r.dir, budgetTokens: 12_000 }).then((c) => c.text ?? '', () => '')
  const failing = r.signals.commands.filter((c) => c.code !== 0).map((c) => `$ ${c.command} (exit ${c.code ?? 'timeout'})\n${c.tail.slice(-1500)}`)
  const prompt = [
    context ? `The project:\n${context}` : '',
    `Measured now: ${describeSignals(r.signals)}.`,
    failing.length ? `Failing commands:\n${failing.join('\n\n')}` : '',
    r.settings.focus ? `Focus on: ${r.settings.focus}.` : '',
    r.settings.scope.length ? `Only these paths are in scope: ${r.settings.scope.join(', ')}.` : '',
    r.diff ? `The last change (diff):\n${r.diff.slice(0, 20_000)}` : '',
    'Review the project now.',
  ].filter(Boolean).join('\n\n')
  const res = await call.claude.message<Review>({
    task: 'review',
    system: SYSTEM,
    prompt,
    schema: SCHEMA,
    max_tokens: 4000,
    stream: false,
    run: r.session,
    ...(r.settings.provider ? { provider: r.settings.provider } : {}),
  })
  addUsage(usage, res)
  const out = res.output!
  const order = (i: Issue) => SEVERITIES.indexOf(i.severity)
  const issues = (out.issues ?? []).map((i) => normalizeIssue(i, r.roots)).filter((i) => r.settings.severity.includes(i.severity) && inScope(i.file, r.settings.scope)).sort((a, b) => order(a) - order(b))
  return { score: Math.round(out.score * 10) / 10, summary: out.summary, parts: out.parts ?? [], issues }
}

/** A place as the rest of the loop expects it: a path relative to the project root, a line number ≥ 1 or none. */
export function normalizeIssue(i: Omit<Issue, 'line'> & { line?: number | string }, roots: string[] = []): Issue {
  const out = { ...i } as Issue
  let file = typeof i.file === 'string' ? i.file.trim() : ''
  const root = roots.find((r) => file.startsWith(`${r}/`))
  if (root) file = file.slice(root.length + 1)
  file = file.replace(/^\.\/+/, '').replace(/:\d+(?::\d+)?$/, '')
  if (file) out.file = file
  else delete out.file
  const line = typeof i.line === 'number' ? i.line : Number.parseInt(String(i.line ?? ''), 10)
  if (Number.isInteger(line) && line >= 1) out.line = line
  else delete out.line
  return out
}
