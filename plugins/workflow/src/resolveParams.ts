// Run parameters: given values (typed, or "k=v" strings from the command line) checked against the workflow's
// declared parameters, defaults filled in; every problem in one clear error.
import type { ParamSpec } from './types.ts'

export function resolveParams(specs: Record<string, ParamSpec>, given: Record<string, unknown>, workflow: string): Record<string, unknown> {
  const problems: string[] = []
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(given)) if (!(k in specs)) problems.push(`unknown parameter "${k}"${Object.keys(specs).length ? ` (it has ${Object.keys(specs).join(', ')})` : ' (it has none)'}`)
  for (const [k, spec] of Object.entries(specs)) {
    let v = given[k]
    if (v === undefined) {
      if (spec.default !== undefined) out[k] = spec.default
      else if (spec.required) problems.push(`parameter "${k}" is required (${spec.type}${spec.description ? `: ${spec.description}` : ''})`)
      continue
    }
    if (typeof v === 'string' && spec.type !== 'string') {
      const c = coerce(v, spec.type)
      if (c === undefined) {
        problems.push(`parameter "${k}" must be ${spec.type}, not ${JSON.stringify(v)}`)
        continue
      }
      v = c
    }
    if (!isType(v, spec.type)) {
      problems.push(`parameter "${k}" must be ${spec.type}, not ${JSON.stringify(v)}`)
      continue
    }
    if (spec.enum && !spec.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
      problems.push(`parameter "${k}" must be one of ${spec.enum.map((e) => JSON.stringify(e)).join(', ')}`)
      continue
    }
    out[k] = v
  }
  if (problems.length) {
    const e = new Error(`workflow "${workflow}": ${problems.join('; ')}`) as Error & { code: string }
    e.code = 'MMM_WORKFLOW_INVALID_PARAMS'
    throw e
  }
  return out
}

/** "k=v" strings (`--param k=v`) to an object. */
export function paramPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of pairs) {
    const i = p.indexOf('=')
    if (i <= 0) {
      const e = new Error(`--param takes name=value, got ${JSON.stringify(p)}`) as Error & { code: string }
      e.code = 'MMM_INVALID_INPUT'
      throw e
    }
    out[p.slice(0, i)] = p.slice(i + 1)
  }
  return out
}

function coerce(v: string, type: ParamSpec['type']): unknown {
  if (type === 'number' || type === 'integer') return v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v)
  if (type === 'boolean') return v === 'true' ? true : v === 'false' ? false : undefined
  try {
    return JSON.parse(v) as unknown
  } catch {
    return undefined
  }
}

function isType(v: unknown, type: ParamSpec['type']): boolean {
  switch (type) {
    case 'string': return typeof v === 'string'
    case 'number': return typeof v === 'number' && Number.isFinite(v)
    case 'integer': return Number.isInteger(v)
    case 'boolean': return typeof v === 'boolean'
    case 'array': return Array.isArray(v)
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v)
  }
}
