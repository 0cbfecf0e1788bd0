// @mmm/plugin-analyzer: know any project in a fraction of a second, offline, through the fs capability.
import { definePlugin } from '@mmm/kernel/plugin'
import type { AnalysisReport } from './AnalysisReport.ts'
import { analyzeTree, normalizeDir } from './analyzeTree.ts'
import { buildContext } from './report/buildContext.ts'
import { formatMarkdown } from './report/formatMarkdown.ts'
import { focusLines, formatText, languageLines, scoreLines } from './report/formatText.ts'
import { factsCache } from './factsCache.ts'

const PATH = { type: 'string', default: '.', description: 'Directory to analyze, relative to the project root' }
const FORMAT = { type: 'string', enum: ['json', 'text', 'markdown'], default: 'json', description: 'json (the report), text (a terminal summary) or markdown (for Claude)' }
const PART_FORMAT = { type: 'string', enum: ['json', 'text'], default: 'json', description: 'text: that part of the terminal summary' }

export default definePlugin({
  name: 'analyzer',
  version: '0.1.0',
  setup(ctx) {
    // Bounded by what the fs capability allows (32 MB a file, a million paths a walk).
    const maxFileBytes = Math.min(positive(ctx.options.maxFileBytes, 1024 * 1024), 32 * 1024 * 1024)
    const maxFiles = Math.min(positive(ctx.options.maxFiles, 200_000), 999_999)

    async function analyze(path: string, call: Parameters<Parameters<typeof ctx.tool>[2]>[1], refresh = false): Promise<AnalysisReport> {
      const key = normalizeDir(path, ctx.root) || '.'
      const cache = factsCache(ctx, key)
      const result = await analyzeTree(ctx, { path, maxFileBytes, maxFiles }, call, refresh ? undefined : cache)
      if (!result.reused) await cache.save(result.facts, result.changed, result.fingerprint, result.report)
      await ctx.state.set('latest', result.report)
      return result.report
    }
    const render = (report: AnalysisReport, format: string) => (format === 'text' ? formatText(report) : format === 'markdown' ? formatMarkdown(report) : report)

    ctx.tool(
      'analyze',
      {
        description: 'Analyze a project offline: languages and line counts, frameworks, build tools and the test/lint/format/build/typecheck commands, structure, health, quality signals, focus areas and a 0–10 score',
        input: {
          type: 'object',
          properties: { path: PATH, format: FORMAT, refresh: { type: 'boolean', default: false, description: 'Ignore cached per-file results' } },
          additionalProperties: false,
        },
        annotations: { title: 'Analyze project', readOnlyHint: true, idempotentHint: true },
        timeoutMs: 600_000,
      },
      async (input: { path: string; format: string; refresh: boolean }, call) => render(await analyze(input.path, call, input.refresh), input.format),
    )

    // Parts of the report; `format: 'text'` (the CLI without --json) prints that part of the terminal summary.
    const part = (name: string, description: string, pick: (r: AnalysisReport) => unknown, text: (r: AnalysisReport) => string[]) =>
      ctx.tool(
        name,
        { description, input: { type: 'object', properties: { path: PATH, format: PART_FORMAT }, additionalProperties: false, 'x-mmm-human': { format: 'text' } }, annotations: { readOnlyHint: true, idempotentHint: true }, timeoutMs: 600_000 },
        async (input: { path: string; format?: string }, call) => {
          const r = await analyze(input.path, call)
          return input.format === 'text' ? text(r).join('\n') : pick(r)
        },
      )
    part('languages', 'Languages of a project: files and code / comment / blank lines per language', (r) => r.languages, (r) => languageLines(r.languages))
    part('health', 'Health of a project: tests, CI, linting, formatting, type checking, docs, TODOs, git activity, and the 0–10 score with its parts', (r) => ({ health: r.health, score: r.score }), (r) => scoreLines(r.score))
    part('focus', 'Ranked improvement areas with their evidence, and the 0–10 score', (r) => ({ focus: r.focus, score: r.score }), (r) => [...focusLines(r.focus), '', `Health score ${r.score.score.toFixed(1)} / 10 (mmm analyzer health shows its parts)`])

    ctx.tool(
      'context',
      {
        description: 'Pack the analysis and the key files of a project into a token budget, for a Claude prompt',
        input: {
          type: 'object',
          properties: { path: PATH, budgetTokens: { type: 'integer', minimum: 500, maximum: 1_000_000, default: 12_000, description: 'Token budget (estimated at 4 characters a token)' } },
          additionalProperties: false,
        },
        annotations: { readOnlyHint: true },
        timeoutMs: 600_000,
      },
      async (input: { path: string; budgetTokens: number }, call) => buildContext(ctx, await analyze(input.path, call), input.budgetTokens),
    )

    ctx.resource('mmm://analyzer/latest', { name: 'Latest analysis report', mimeType: 'application/json' }, async () => {
      return (await ctx.state.get('latest')) ?? { message: 'no analysis yet: run analyzer.analyze' }
    })
  },
})

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : fallback
}
