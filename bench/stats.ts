// Small helpers shared by the benchmarks: sample statistics, timing loops and Markdown formatting.

export interface Summary {
  n: number
  min: number
  median: number
  p90: number
  p99: number
  max: number
  mean: number
}

/** Nearest-rank percentile of sorted samples (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b)
  return {
    n: s.length,
    min: s[0] ?? Number.NaN,
    median: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? Number.NaN,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  }
}

/** Runs `fn` `warmup` times untimed, then `n` times timed one after the other; milliseconds per run. */
export async function timeRuns(n: number, warmup: number, fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn()
  const out: number[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn()
    out[i] = performance.now() - t0
  }
  return out
}

/** Milliseconds with a precision that suits the magnitude. */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return 'n/a'
  if (v >= 100) return `${v.toFixed(0)} ms`
  if (v >= 10) return `${v.toFixed(1)} ms`
  if (v >= 1) return `${v.toFixed(2)} ms`
  return `${(v * 1000).toFixed(0)} µs`
}

export function mb(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a'
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`
}

export function table(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n')
}

/** One row of the summary table: what was measured against which target, and whether it was met. */
export interface Verdict {
  benchmark: string
  measured: string
  baseline: string
  value: string
  target: string
  met: boolean
  note?: string
}

export function verdictMark(v: Verdict): string {
  return v.met ? 'met' : `**missed**${v.note ? ` (${v.note})` : ''}`
}
