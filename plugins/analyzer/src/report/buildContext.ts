// The analyzer's context for Claude: the Markdown report first, then the key files by priority, packed
// into a token budget. A file that does not fit whole keeps its head and tail with the cut marked;
// what was left out is listed, so the prompt can say so.
import type { PluginContext } from '@mmm/kernel/plugin'
import type { AnalysisReport } from '../AnalysisReport.ts'
import { formatMarkdown } from './formatMarkdown.ts'

const CHARS_PER_TOKEN = 4

export interface PackedContext {
  text: string
  estimatedTokens: number
  budgetTokens: number
  included: Array<{ path: string; truncated: boolean }>
  omitted: string[]
}

export async function buildContext(ctx: PluginContext, report: AnalysisReport, budgetTokens: number): Promise<PackedContext> {
  const budget = budgetTokens * CHARS_PER_TOKEN
  // The report comes first and is cut too when it alone is over the budget.
  const md = formatMarkdown(report)
  const parts = [md.length > budget ? cut(md, budget) : md]
  let used = parts[0]!.length
  const included: PackedContext['included'] = []
  const omitted: string[] = []
  const base = report.path === '.' ? '' : `${report.path}/`
  for (const path of keyFiles(report)) {
    const left = budget - used
    if (left < 400) {
      omitted.push(path)
      continue
    }
    let text: string
    try {
      text = await ctx.fs.read(base + path)
    } catch {
      omitted.push(path)
      continue
    }
    const header = `\n\n### ${path}\n\n\`\`\`\n`
    const room = left - header.length - 5
    const truncated = text.length > room
    const body = truncated ? cut(text, room) : text
    parts.push(`${header}${body}\n\`\`\``)
    used += header.length + body.length + 5
    included.push({ path, truncated })
  }
  const text = parts.join('')
  return { text, estimatedTokens: Math.ceil(text.length / CHARS_PER_TOKEN), budgetTokens, included, omitted }
}

/** README, manifests, entry points, then the files the focus areas point at — each once, in that order. */
function keyFiles(r: AnalysisReport): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  const add = (p: string | undefined) => {
    if (p && !seen.has(p)) {
      seen.add(p)
      out.push(p)
    }
  }
  r.project.importantFiles.filter((f) => /^readme/i.test(f)).forEach(add)
  for (const e of Object.keys(r.project.dependencies)) add(e)
  r.project.entryPoints.forEach(add)
  // Every file:line an area's evidence mentions, wherever it stands in the line.
  for (const f of r.focus) for (const ev of f.evidence) for (const m of ev.matchAll(/([\w./@-]+\.[a-z0-9]+):\d+/gi)) add(m[1])
  return out.filter((p) => !r.files.skipped.some((s) => s.path === p))
}

/** Keeps the head (2/3) and the tail (1/3) of a text that does not fit, marking the cut. */
export function cut(text: string, room: number): string {
  const mark = '\n… [cut: TRUNCATED_LINES lines left out] …\n'
  if (room <= mark.length + 20) return ''
  const keep = room - mark.length
  const head = text.slice(0, Math.floor((keep * 2) / 3))
  const tail = text.slice(text.length - Math.floor(keep / 3))
  const dropped = text.slice(head.length, text.length - tail.length).split('\n').length - 1
  return head + mark.replace('TRUNCATED_LINES', String(Math.max(dropped, 1))) + tail
}
