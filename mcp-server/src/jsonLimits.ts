// Tool arguments are bounded before they reach a validator or a sandbox: a deeply nested or huge value is
// refused with a coded error instead of costing a stack overflow or seconds of validation.
import { MmmError } from '@mmm/kernel'

export const MAX_ARGUMENT_DEPTH = 64
export const MAX_ARGUMENT_NODES = 200_000

export function checkJsonLimits(value: unknown, what: string): void {
  let nodes = 0
  // Iterative walk: a recursive one is exactly what a hostile 100k-deep value would overflow.
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (++nodes > MAX_ARGUMENT_NODES) throw new MmmError('MMM_INVALID_INPUT', `${what} has more than ${MAX_ARGUMENT_NODES} values; send less (or pass a file path instead of its contents)`)
    if (v === null || typeof v !== 'object') continue
    if (depth >= MAX_ARGUMENT_DEPTH) throw new MmmError('MMM_INVALID_INPUT', `${what} is nested deeper than ${MAX_ARGUMENT_DEPTH} levels; flatten it`)
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1])
  }
}
