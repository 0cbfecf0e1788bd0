// Budgets are enforced before a call is sent: the input is counted (countTokens, or a local estimate
// offline) and the call is refused when the input alone would go past a per-call, per-run or per-day
// limit; otherwise max_tokens is lowered so the answer cannot go past it either.
import type { ClaudeConfig, ClaudePrice } from '../config/types.ts'
import { claudeErrors } from './claudeErrors.ts'
import { costOf } from './priceOf.ts'
import { totalTokens, type UsageTotals } from './UsageLedger.ts'

export interface BudgetCheck {
  budget: ClaudeConfig['budget']
  /** The plugin's grant: claude.maxTokensPerCall. */
  grantMaxTokensPerCall?: number
  runTotals: UsageTotals
  dayTotals: UsageTotals
  inputTokens: number
  maxTokens: number
  price: ClaudePrice | undefined
}

/** The max_tokens the call may use; throws MMM_CLAUDE_BUDGET_EXCEEDED when it may not be sent at all. */
export function checkBudget(c: BudgetCheck): number {
  const b = c.budget ?? {}
  let maxTokens = c.maxTokens
  const perCall = Math.min(b.tokensPerCall ?? Infinity, c.grantMaxTokensPerCall ?? Infinity)
  const limits: Array<[string, number, number, string]> = [
    ['per-call', 0, perCall, c.grantMaxTokensPerCall !== undefined && c.grantMaxTokensPerCall <= (b.tokensPerCall ?? Infinity) ? 'the plugin\'s claude.maxTokensPerCall grant' : 'claude.budget.tokensPerCall'],
    ['per-run', totalTokens(c.runTotals), b.tokensPerRun ?? Infinity, 'claude.budget.tokensPerRun'],
    ['per-day', totalTokens(c.dayTotals), b.tokensPerDay ?? Infinity, 'claude.budget.tokensPerDay'],
  ]
  for (const [what, used, limit, key] of limits) {
    if (limit === Infinity) continue
    const left = limit - used - c.inputTokens
    if (left < 1) throw claudeErrors.budget(what, used + c.inputTokens, limit, 'tokens', key)
    maxTokens = Math.min(maxTokens, left)
  }
  const inputCost = costOf({ inputTokens: c.inputTokens, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 }, c.price)
  const usd: Array<[string, number, number | undefined, string]> = [
    ['per-run', c.runTotals.costUsd, b.usdPerRun, 'claude.budget.usdPerRun'],
    ['per-day', c.dayTotals.costUsd, b.usdPerDay, 'claude.budget.usdPerDay'],
  ]
  for (const [what, used, limit, key] of usd) {
    if (limit === undefined) continue
    if (used + inputCost >= limit) throw claudeErrors.budget(what, used + inputCost, limit, 'USD', key)
    if (c.price && c.price.output > 0) maxTokens = Math.min(maxTokens, Math.max(1, Math.floor(((limit - used - inputCost) * 1_000_000) / c.price.output)))
  }
  return maxTokens
}

/** True when any budget is set (only then is the input counted before sending). */
export function hasBudget(budget: ClaudeConfig['budget'], grantMax?: number): boolean {
  const b = budget ?? {}
  return grantMax !== undefined || [b.tokensPerCall, b.tokensPerRun, b.tokensPerDay, b.usdPerRun, b.usdPerDay].some((v) => v !== undefined)
}
