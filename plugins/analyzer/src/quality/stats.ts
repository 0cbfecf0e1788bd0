// Length statistics shared by the quality summary: average (1 decimal), p90 by the nearest-rank method
// (the smallest value with at least 90% of the values at or below it: sorted[ceil(0.9 n) - 1]) and the maximum
// with where it is (the first one in input order on ties).
import type { FileFacts } from '../types.ts'

export interface LengthStat {
  count: number
  avg: number
  p90: number
  max: { value: number; path: string } | null
}

export interface FunctionLengthStat {
  count: number
  avg: number
  p90: number
  max: { value: number; path: string; line: number; name: string } | null
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

export function ratio(part: number, whole: number): number {
  return whole > 0 ? round(part / whole, 3) : 0
}

export function percentile90(values: readonly number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(0.9 * sorted.length) - 1] as number
}

export function average(values: readonly number[]): number {
  if (values.length === 0) return 0
  let sum = 0
  for (const v of values) sum += v
  return round(sum / values.length)
}

export function totalLines(f: FileFacts): number {
  return f.code + f.comment + f.blank
}

/** File length = all lines (code + comment + blank); files without code are left out. */
export function fileLengthStat(files: readonly FileFacts[]): LengthStat {
  const values: number[] = []
  let max: LengthStat['max'] = null
  for (const f of files) {
    if (f.code === 0) continue
    const n = totalLines(f)
    values.push(n)
    if (!max || n > max.value) max = { value: n, path: f.path }
  }
  return { count: values.length, avg: average(values), p90: percentile90(values), max }
}

export function functionLengthStat(files: readonly FileFacts[]): FunctionLengthStat {
  const values: number[] = []
  let max: FunctionLengthStat['max'] = null
  for (const f of files) {
    for (const fn of f.functions) {
      values.push(fn.lines)
      if (!max || fn.lines > max.value) max = { value: fn.lines, path: f.path, line: fn.line, name: fn.name }
    }
  }
  return { count: values.length, avg: average(values), p90: percentile90(values), max }
}

/** The `n` largest items by `key`, largest first (stable on ties). */
export function topBy<T>(items: Iterable<T>, n: number, key: (item: T) => number): T[] {
  const top: T[] = []
  for (const item of items) {
    const k = key(item)
    if (top.length === n && k <= key(top[n - 1] as T)) continue
    let i = top.length
    while (i > 0 && key(top[i - 1] as T) < k) i--
    top.splice(i, 0, item)
    if (top.length > n) top.pop()
  }
  return top
}
