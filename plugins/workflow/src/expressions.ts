// `${{ … }}` expressions and conditions, evaluated with jexl over the run's context (parameters, env, outputs,
// steps, stages, item, index). In a shell script an expression never becomes script text: it is replaced by a
// quoted variable reference and its value is passed in the step's environment.
import jexlDefault from 'jexl'

const EXPR = /\$\{\{([\s\S]*?)\}\}/g
// One expression and nothing else (no second `}}` inside).
const WHOLE = /^\s*\$\{\{((?:(?!\}\})[\s\S])*)\}\}\s*$/

const jexl = new jexlDefault.Jexl()
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))
jexl.addFunction('contains', (hay: unknown, needle: unknown) => (Array.isArray(hay) ? hay.includes(needle) : str(hay).includes(str(needle))))
jexl.addFunction('startsWith', (s: unknown, p: unknown) => str(s).startsWith(str(p)))
jexl.addFunction('endsWith', (s: unknown, p: unknown) => str(s).endsWith(str(p)))
jexl.addFunction('fromJson', (s: unknown) => JSON.parse(str(s)))
jexl.addFunction('toJson', (v: unknown) => JSON.stringify(v))
jexl.addFunction('len', (v: unknown) => (Array.isArray(v) || typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0))
jexl.addFunction('join', (v: unknown, sep: unknown = ',') => (Array.isArray(v) ? v.map(str).join(str(sep)) : str(v)))
jexl.addFunction('split', (s: unknown, sep: unknown = ',') => str(s).split(str(sep)))
jexl.addFunction('lower', (s: unknown) => str(s).toLowerCase())
jexl.addFunction('upper', (s: unknown) => str(s).toUpperCase())
jexl.addFunction('trim', (s: unknown) => str(s).trim())
jexl.addFunction('success', () => true)
// range(n): 0, 1, …, n-1 — a for_each over a count (`for_each: ${{ range(parameters.rounds) }}`).
jexl.addFunction('range', (n: unknown) => {
  const count = typeof n === 'string' && n.trim() !== '' ? Number(n) : n
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 10_000) throw new Error(`range(n) takes a whole number from 0 to 10000, not ${JSON.stringify(n)}`)
  return Array.from({ length: count }, (_, i) => i)
})

export type ExprContext = Record<string, unknown>

export class ExpressionError extends Error {
  readonly code = 'MMM_WORKFLOW_EXPRESSION'
}

export function evaluate(expr: string, ctx: ExprContext): unknown {
  try {
    return jexl.evalSync(expr, ctx)
  } catch (e) {
    throw new ExpressionError(`cannot evaluate \${{ ${expr.trim()} }}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** An expression written bare (`parameters.x == 1`) or wrapped (`${{ parameters.x == 1 }}`). */
export function evaluateBare(expr: string, ctx: ExprContext): unknown {
  const whole = WHOLE.exec(expr)
  return evaluate(whole ? (whole[1] as string) : expr, ctx)
}

/** A condition, bare or wrapped; true and false as YAML booleans too. */
export function condition(expr: string, ctx: ExprContext): boolean {
  return Boolean(evaluateBare(expr, ctx))
}

/** Expressions in a value (tool input, env): a string that is one expression keeps the value's type. */
export function interpolate(value: unknown, ctx: ExprContext): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value)
    if (whole) return evaluate(whole[1] as string, ctx)
    return value.replace(EXPR, (_, e: string) => str(evaluate(e, ctx)))
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, ctx))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, ctx)]))
  return value
}

/** The script with each expression replaced by "$MMM_EXPR_n", and those variables' values. */
export function shellScript(script: string, ctx: ExprContext): { script: string; env: Record<string, string> } {
  const env: Record<string, string> = {}
  let n = 0
  const out = script.replace(EXPR, (_, e: string) => {
    const name = `MMM_EXPR_${++n}`
    env[name] = str(evaluate(e, ctx))
    return `"$${name}"`
  })
  return { script: out, env }
}

/** Names an expression may start from: a step's context, and an on_success / on_failure action's (run). */
const ROOTS = ['parameters', 'params', 'env', 'outputs', 'steps', 'stages', 'item', 'index', 'trigger', 'spec', 'run']

interface AstNode { type?: string; name?: string; pool?: string; value?: unknown; from?: unknown; relative?: boolean; [k: string]: unknown }

/**
 * What is wrong with an expression before it runs: its syntax, a function or transform that does not exist, or
 * a name it starts from that no context has (`parameter.x` evaluates to nothing, silently). Undefined when fine.
 */
export function expressionProblem(expr: string): string | undefined {
  let ast: AstNode
  try {
    ast = jexl.compile(expr)._getAst() as AstNode
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
  const functions = Object.keys(jexl._grammar.functions)
  const problems: string[] = []
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk)
    if (!n || typeof n !== 'object') return
    const node = n as AstNode
    if (node.type === 'FunctionCall' && typeof node.name === 'string') {
      if (node.pool === 'transforms') problems.push(`"|${node.name}" is not available (write it as a function: ${node.name}(…); the functions are ${functions.join(', ')})`)
      else if (!functions.includes(node.name)) problems.push(`no function "${node.name}" (the functions are ${functions.join(', ')})`)
    }
    // jexl reads `null` (and `undefined`) as names that are not there: both are nothing, as written.
    if (node.type === 'Identifier' && node.from === undefined && !node.relative && typeof node.value === 'string' && !ROOTS.includes(node.value) && node.value !== 'null' && node.value !== 'undefined') {
      problems.push(`"${node.value}" is not a name expressions know (they start from ${ROOTS.slice(0, -1).join(', ')}; run in on_success / on_failure)`)
    }
    for (const v of Object.values(node)) if (v && typeof v === 'object') walk(v)
  }
  walk(ast)
  return problems[0]
}

/** Expressions a text refers to, trimmed (the dry-run plan; checkExpressions). */
export function expressionsIn(text: string): string[] {
  return [...text.matchAll(EXPR)].map((m) => (m[1] as string).trim())
}
