import type { ClaudeResponse } from '@mmm/kernel/plugin'
import type { Session, Usage } from './types.ts'

/** Adds one answer's tokens and cost to running totals (cache reads and writes count as input). */
export function addUsage(u: Usage, r: Pick<ClaudeResponse, 'usage' | 'costUsd'>): void {
  u.inputTokens += r.usage.inputTokens + r.usage.cacheReadTokens + r.usage.cacheWriteTokens
  u.outputTokens += r.usage.outputTokens
  u.costUsd += r.costUsd
}

export const noUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, costUsd: 0 })

/** The session's spend so far: its baseline review and every iteration's calls. */
export function totalUsage(s: Pick<Session, 'baselineUsage' | 'iterations'>): Usage {
  const t = { ...s.baselineUsage }
  for (const it of s.iterations) {
    t.inputTokens += it.usage.inputTokens
    t.outputTokens += it.usage.outputTokens
    t.costUsd += it.usage.costUsd
  }
  return t
}
