// The context builder: prioritized items packed into a token budget. Critical and high items that do
// not fit are cut in the middle (head and tail kept, the cut marked) rather than dropped; medium and
// low items that do not fit are left out. The result says what was cut and what was left out.

export type ContextPriority = 'critical' | 'high' | 'medium' | 'low'

export interface ContextItem {
  id: string
  text: string
  priority: ContextPriority
  /** A heading for the item in the packed text (default: its id). */
  title?: string
}

export interface BuiltContext {
  text: string
  tokens: number
  included: Array<{ id: string; tokens: number; truncated: boolean }>
  omitted: Array<{ id: string; priority: ContextPriority; tokens: number }>
}

const RANK: Record<ContextPriority, number> = { critical: 0, high: 1, medium: 2, low: 3 }
/** An item cut below this many tokens says too little to be worth its heading. */
const MIN_TRUNCATED_TOKENS = 32

export type CountTokens = (text: string) => number

/** ~4 characters a token: the usual rule of thumb for English and code. */
export const approxTokens: CountTokens = (text) => Math.ceil(text.length / 4)

export function buildContext(items: ContextItem[], budgetTokens: number, count: CountTokens = approxTokens): BuiltContext {
  const order = items.map((item, i) => ({ item, i })).sort((a, b) => RANK[a.item.priority] - RANK[b.item.priority] || a.i - b.i)
  let left = budgetTokens
  const kept = new Map<number, { text: string; tokens: number; truncated: boolean }>()
  const omitted: BuiltContext['omitted'] = []
  for (const { item, i } of order) {
    const section = render(item, item.text)
    const tokens = count(section)
    if (tokens <= left) {
      kept.set(i, { text: section, tokens, truncated: false })
      left -= tokens
      continue
    }
    const mayCut = item.priority === 'critical' || item.priority === 'high'
    if (mayCut && left >= MIN_TRUNCATED_TOKENS) {
      const cut = render(item, truncateMiddle(item.text, left - count(render(item, '')), count))
      const cutTokens = count(cut)
      if (cutTokens <= left) {
        kept.set(i, { text: cut, tokens: cutTokens, truncated: true })
        left -= cutTokens
        continue
      }
    }
    omitted.push({ id: item.id, priority: item.priority, tokens })
  }
  const included = [...kept.entries()].sort((a, b) => a[0] - b[0])
  return {
    text: included.map(([, k]) => k.text).join('\n\n'),
    tokens: budgetTokens - left,
    included: included.map(([i, k]) => ({ id: items[i]!.id, tokens: k.tokens, truncated: k.truncated })),
    omitted,
  }
}

function render(item: ContextItem, text: string): string {
  return `## ${item.title ?? item.id}\n${text}`
}

/** Keeps the head (60%) and tail (40%) of `text` within `tokens`, with a marker saying how much was cut. */
export function truncateMiddle(text: string, tokens: number, count: CountTokens = approxTokens): string {
  if (count(text) <= tokens) return text
  const marker = (n: number) => `\n[… ${n} characters cut …]\n`
  // Shrink by characters until it fits (count may not be linear, so check, then tighten).
  let chars = Math.max(0, Math.floor((text.length * tokens) / Math.max(1, count(text))) - marker(text.length).length)
  for (;;) {
    const head = Math.floor(chars * 0.6)
    const tail = chars - head
    const cut = text.length - head - tail
    const out = text.slice(0, head) + marker(cut) + (tail > 0 ? text.slice(text.length - tail) : '')
    if (count(out) <= tokens || chars === 0) return out
    chars = Math.floor(chars * 0.9)
  }
}
