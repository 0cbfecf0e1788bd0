// Token and cost accounting in the state store (namespace "kernel:claude"): totals per run and per
// day, and one record per call. Each ledger (one per kernel) keeps its own running totals under its own
// keys (`day:<day>:<writer>`), serialized within the process, and a total is the sum over the writers: two
// mmm processes (a background job and a foreground call) never overwrite each other's increments.
import type { StateStore } from '../state/openStateStore.ts'
import type { ClaudeUsage } from './types.ts'

export const LEDGER_NS = 'kernel:claude'
const CALL_TTL_MS = 90 * 24 * 3600 * 1000

export interface UsageTotals {
  calls: number
  inputTokens: number
  outputTokens: number
  cacheWriteTokens: number
  cacheReadTokens: number
  costUsd: number
}

export interface CallRecord {
  at: string
  plugin: string
  task?: string
  model: string
  provider: string
  run: string
  /** The run of the mmm process that made the call, when the request named another (a loop session's): the
   *  call counts in both, so a background job's cost includes what its plugins spent under their own runs. */
  processRun?: string
  usage: ClaudeUsage
  costUsd: number
  cached: boolean
  durationMs: number
}

export function zeroTotals(): UsageTotals {
  return { calls: 0, inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0 }
}

/** Every token counted against a budget: input of all kinds plus output. */
export function totalTokens(t: Pick<UsageTotals, 'inputTokens' | 'outputTokens' | 'cacheWriteTokens' | 'cacheReadTokens'>): number {
  return t.inputTokens + t.outputTokens + t.cacheWriteTokens + t.cacheReadTokens
}

/** The local calendar day, YYYY-MM-DD. */
export function dayOf(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

export class UsageLedger {
  private readonly state: StateStore
  private chain: Promise<unknown> = Promise.resolve()
  private seq = 0
  /** This ledger's own keys end with it. */
  private readonly writer = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`

  constructor(state: StateStore) {
    this.state = state
  }

  run(id: string): Promise<UsageTotals> {
    return this.sum(`run:${id}:`)
  }

  day(day = dayOf()): Promise<UsageTotals> {
    return this.sum(`day:${day}:`)
  }

  /** Adds one call to its run's and its day's totals and keeps the call's record. */
  record(c: CallRecord): Promise<void> {
    const next = this.chain.then(async () => {
      const runs = c.processRun !== undefined && c.processRun !== c.run ? [c.run, c.processRun] : [c.run]
      for (const key of [...runs.map((r) => `run:${r}:${this.writer}`), `day:${dayOf(new Date(c.at))}:${this.writer}`]) {
        const t = await this.totals(key)
        t.calls += 1
        t.inputTokens += c.usage.inputTokens
        t.outputTokens += c.usage.outputTokens
        t.cacheWriteTokens += c.usage.cacheWriteTokens
        t.cacheReadTokens += c.usage.cacheReadTokens
        t.costUsd = Math.round((t.costUsd + c.costUsd) * 1e6) / 1e6
        await this.state.set(LEDGER_NS, key, t)
      }
      await this.state.set(LEDGER_NS, `call:${c.at}:${process.pid}:${this.seq++}`, c, CALL_TTL_MS)
    })
    this.chain = next.catch(() => {})
    return next
  }

  /** The most recent call records, newest first. */
  async calls(limit = 50): Promise<CallRecord[]> {
    const rows = await this.state.list<CallRecord>(LEDGER_NS, 'call:')
    return rows.slice(-limit).reverse().map((r) => r.value)
  }

  async days(): Promise<Array<{ day: string; totals: UsageTotals }>> {
    const byDay = new Map<string, UsageTotals>()
    for (const r of await this.state.list<UsageTotals>(LEDGER_NS, 'day:')) {
      const day = r.key.slice(4, 14)
      byDay.set(day, add(byDay.get(day) ?? zeroTotals(), r.value))
    }
    return [...byDay].map(([day, totals]) => ({ day, totals }))
  }

  private async totals(key: string): Promise<UsageTotals> {
    return { ...zeroTotals(), ...((await this.state.get<UsageTotals>(LEDGER_NS, key)) ?? {}) }
  }

  private async sum(prefix: string): Promise<UsageTotals> {
    let t = zeroTotals()
    for (const r of await this.state.list<UsageTotals>(LEDGER_NS, prefix)) t = add(t, r.value)
    return t
  }
}

function add(a: UsageTotals, b: Partial<UsageTotals>): UsageTotals {
  return {
    calls: a.calls + (b.calls ?? 0),
    inputTokens: a.inputTokens + (b.inputTokens ?? 0),
    outputTokens: a.outputTokens + (b.outputTokens ?? 0),
    cacheWriteTokens: a.cacheWriteTokens + (b.cacheWriteTokens ?? 0),
    cacheReadTokens: a.cacheReadTokens + (b.cacheReadTokens ?? 0),
    costUsd: Math.round((a.costUsd + (b.costUsd ?? 0)) * 1e6) / 1e6,
  }
}
