// Canonical JSON for digests: JSON.stringify's rules (toJSON is honoured, undefined and function
// properties are left out, NaN and Infinity become null) with the keys of every object sorted, so
// equal inputs hash equally whatever order their keys were written in.
import { errors } from '../errors.ts'

/** JSON text of `v` with object keys sorted (UTF-16 code unit order). Throws MMM_STATE_ERROR when `v` has no JSON form. */
export function canonicalJson(v: unknown): string {
  const text = write(v, new Set())
  if (text === undefined) throw errors.stateError(`cannot make canonical JSON of ${typeof v}; pass a JSON value`)
  return text
}

function write(input: unknown, stack: Set<object>): string | undefined {
  let v = input
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON()
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v)
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null'
    case 'boolean':
      return v ? 'true' : 'false'
    case 'bigint':
      throw errors.stateError('cannot make canonical JSON of a BigInt; convert it to a string first')
    case 'object': {
      if (v === null) return 'null'
      if (stack.has(v)) throw errors.stateError('cannot make canonical JSON of a value that contains itself (a cycle)')
      stack.add(v)
      try {
        if (Array.isArray(v)) {
          const items: string[] = []
          for (let i = 0; i < v.length; i++) items.push(write(v[i], stack) ?? 'null')
          return `[${items.join(',')}]`
        }
        const o = v as Record<string, unknown>
        const fields: string[] = []
        for (const k of Object.keys(o).sort()) {
          const s = write(o[k], stack)
          if (s !== undefined) fields.push(`${JSON.stringify(k)}:${s}`)
        }
        return `{${fields.join(',')}}`
      } finally {
        stack.delete(v)
      }
    }
    default:
      return undefined // undefined, function, symbol: left out of objects, null in arrays, as JSON.stringify does
  }
}
