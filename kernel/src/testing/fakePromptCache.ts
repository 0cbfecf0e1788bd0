// How the fake Messages API counts tokens and simulates prompt caching: the prefix up to the last
// cache_control breakpoint (tools → system → messages, as the real API orders them) is written to the
// cache on first sight and read from it when an identical prefix comes again.
import { createHash } from 'node:crypto'

/** The fake's token count for any JSON-ish value: one token per 4 characters of its JSON text. */
export function fakeTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '')
  return Math.max(1, Math.ceil(text.length / 4))
}

export interface CacheUsage {
  input_tokens: number
  cache_creation_input_tokens: number
  cache_read_input_tokens: number
}

interface Part {
  value: unknown
  breakpoint: boolean
}

export class FakePromptCache {
  private readonly seen = new Set<string>()
  private readonly minTokens: number

  constructor(minTokens = 0) {
    this.minTokens = minTokens
  }

  /** Splits a request's input tokens into uncached, written-to-cache and read-from-cache parts. */
  usageFor(body: Record<string, unknown>): CacheUsage {
    const parts = flatten(body)
    const total = parts.reduce((n, p) => n + fakeTokens(strip(p.value)), 0)
    let last = -1
    parts.forEach((p, i) => { if (p.breakpoint) last = i })
    if (last < 0) return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
    const prefix = parts.slice(0, last + 1)
    const prefixTokens = prefix.reduce((n, p) => n + fakeTokens(strip(p.value)), 0)
    if (prefixTokens < this.minTokens) return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
    const key = createHash('sha256').update(JSON.stringify([body.model, prefix.map((p) => strip(p.value))])).digest('hex')
    const hit = this.seen.has(key)
    this.seen.add(key)
    return hit
      ? { input_tokens: total - prefixTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: prefixTokens }
      : { input_tokens: total - prefixTokens, cache_creation_input_tokens: prefixTokens, cache_read_input_tokens: 0 }
  }

  clear(): void {
    this.seen.clear()
  }
}

/** The request's cacheable pieces in API order, each marked when it carries cache_control. */
function flatten(body: Record<string, unknown>): Part[] {
  const parts: Part[] = []
  const marked = (v: unknown) => !!v && typeof v === 'object' && 'cache_control' in v
  for (const t of (body.tools as unknown[] | undefined) ?? []) parts.push({ value: t, breakpoint: marked(t) })
  const system = body.system
  if (typeof system === 'string') parts.push({ value: system, breakpoint: false })
  else if (Array.isArray(system)) for (const b of system) parts.push({ value: b, breakpoint: marked(b) })
  for (const m of (body.messages as Array<{ role: string; content: unknown }> | undefined) ?? []) {
    if (typeof m.content === 'string') parts.push({ value: { role: m.role, content: m.content }, breakpoint: false })
    else if (Array.isArray(m.content)) for (const b of m.content) parts.push({ value: { role: m.role, block: b }, breakpoint: marked(b) })
  }
  return parts
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) if (k !== 'cache_control') out[k] = strip(x)
    return out
  }
  return v
}
