// Cost of a call from the price table in config (USD per million tokens; longest model-id prefix wins).
import type { ClaudePrice } from '../config/types.ts'
import type { ClaudeUsage } from './types.ts'

export function priceOf(model: string, prices: Record<string, ClaudePrice> | undefined): ClaudePrice | undefined {
  let best: string | undefined
  for (const k of Object.keys(prices ?? {})) if (model.startsWith(k) && (best === undefined || k.length > best.length)) best = k
  return best === undefined ? undefined : prices![best]
}

/** USD, rounded to a millionth; cache writes default to 1.25× input and cache reads to 0.1× input. */
export function costOf(usage: ClaudeUsage, price: ClaudePrice | undefined): number {
  if (!price) return 0
  const usd =
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheWriteTokens * (price.cacheWrite ?? price.input * 1.25) +
      usage.cacheReadTokens * (price.cacheRead ?? price.input * 0.1)) /
    1_000_000
  return Math.round(usd * 1e6) / 1e6
}
