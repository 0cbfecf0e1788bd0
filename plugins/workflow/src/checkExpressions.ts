// Every expression in a workflow file is compiled when the file is checked, so `mmm workflow validate` (and a
// run, before its first step) names a typo with its line and column — not the step that reaches it, later.
import type { Bad } from './checkWorkflow.ts'
import { expressionProblem, expressionsIn } from './expressions.ts'

/** Walks the file as parsed: `${{ … }}` in any string, and the bare expressions of `condition:`. */
export function checkExpressions(v: unknown, path: Array<string | number>, bad: Bad): void {
  if (typeof v === 'string') {
    const found = expressionsIn(v)
    if (!found.length && path.at(-1) === 'condition' && v.trim() !== '') found.push(v.trim())
    for (const e of found) {
      const problem = expressionProblem(e)
      if (problem) bad(path, `\${{ ${e} }}: ${problem}`)
    }
  } else if (Array.isArray(v)) v.forEach((x, i) => checkExpressions(x, [...path, i], bad))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) checkExpressions(x, [...path, k], bad)
}
