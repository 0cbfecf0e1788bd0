// Complexity level: a simple, documented heuristic over non-test code, four signals worth 0-2 points each:
//   function length p90           <= 30 lines: 0   <= 60: 1   more: 2
//   long functions (> 60 lines)   <= 2% of functions: 0   <= 8%: 1   more: 2
//   complex functions             ('complex-function' smells: > 15 branch points) <= 2%: 0   <= 8%: 1   more: 2
//   deep nesting                  ('deep-nesting' smells per 1000 code lines) <= 0.5: 0   <= 2: 1   more: 2
// Total 0-8: 0-2 low, 3-4 moderate, 5-8 high. Without any detected function, only deep nesting counts.
// Every signal only rises with longer / more branchy / more nested code, so the level is monotonic.

export type ComplexityLevel = 'low' | 'moderate' | 'high'

export interface ComplexityDetails {
  level: ComplexityLevel
  points: number
  functionP90: number
  longFunctionShare: number
  complexFunctionShare: number
  deepNestingPer1k: number
  why: string[]
}

export const LONG_FUNCTION = 60

function grade(value: number, low: number, high: number): number {
  return value <= low ? 0 : value <= high ? 1 : 2
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`
}

export function complexityOf(input: {
  functionLengths: readonly number[]
  functionP90: number
  complexFunctions: number
  deepNesting: number
  codeLines: number
}): ComplexityDetails {
  const n = input.functionLengths.length
  const long = input.functionLengths.filter((l) => l > LONG_FUNCTION).length
  const longShare = n > 0 ? long / n : 0
  const complexShare = n > 0 ? Math.min(1, input.complexFunctions / n) : 0
  const nestPer1k = input.codeLines > 0 ? (input.deepNesting * 1000) / input.codeLines : 0
  const parts = n > 0
    ? [
        [grade(input.functionP90, 30, 60), `function length p90 ${input.functionP90} lines`],
        [grade(longShare, 0.02, 0.08), `${long} of ${n} functions (${pct(longShare)}) longer than ${LONG_FUNCTION} lines`],
        [grade(complexShare, 0.02, 0.08), `${input.complexFunctions} functions (${pct(complexShare)}) with more than 15 branch points`],
      ] as const
    : []
  const nestingPart = [grade(nestPer1k, 0.5, 2), `${input.deepNesting} deeply nested functions (${Math.round(nestPer1k * 10) / 10} per 1000 code lines)`] as const
  const all = [...parts, nestingPart]
  const points = all.reduce((s, [p]) => s + p, 0)
  const level: ComplexityLevel = points <= 2 ? 'low' : points <= 4 ? 'moderate' : 'high'
  const why = all.map(([p, text]) => `${text}: +${p}`)
  if (n === 0) why.unshift('no functions detected')
  return {
    level,
    points,
    functionP90: input.functionP90,
    longFunctionShare: Math.round(longShare * 1000) / 1000,
    complexFunctionShare: Math.round(complexShare * 1000) / 1000,
    deepNestingPer1k: Math.round(nestPer1k * 100) / 100,
    why,
  }
}
