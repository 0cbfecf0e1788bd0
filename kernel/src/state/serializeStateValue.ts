// State values are JSON, checked strictly so that get() returns exactly what set() was given:
// no silently dropped `undefined` properties, no Date turned into a string, no NaN turned into null.
import { MmmError, errors } from '../errors.ts'

export const MAX_VALUE_BYTES = 8 * 1024 * 1024

/** JSON text of `value`; throws MMM_STATE_ERROR (naming the path) for anything JSON cannot round-trip, or past the size limit. */
export function serializeStateValue(value: unknown, where: string): string {
  // Most values are plain JSON (everything a sandboxed plugin sends is): one cheap walk, then a plain stringify.
  // Only a value with a problem takes the slow replacer, which finds the path to name in the error.
  const text = isPlainJson(value, 0, new Set()) ? JSON.stringify(value) : checkedStringify(value, where)
  if (text === undefined) throw errors.stateError(`cannot store ${where}: the value is undefined; use delete() to remove a key, or store null`)
  return checkSize(text, where)
}

/** Whether JSON.stringify round-trips `value` exactly: plain objects and arrays, finite numbers, no cycles, no toJSON. */
function isPlainJson(v: unknown, depth: number, open: Set<object>): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(v)
    case 'object': {
      if (v === null) return true
      if (depth > 1000 || open.has(v)) return false
      if (Array.isArray(v)) {
        open.add(v)
        for (let i = 0; i < v.length; i++) if (!isPlainJson(v[i], depth + 1, open)) return false
        open.delete(v)
        return true
      }
      const proto = Object.getPrototypeOf(v)
      if (proto !== Object.prototype && proto !== null) return false
      if ('toJSON' in v) return false
      open.add(v)
      for (const k in v) if (!isPlainJson((v as Record<string, unknown>)[k], depth + 1, open)) return false
      open.delete(v)
      return true
    }
    default:
      return false
  }
}

function checkedStringify(value: unknown, where: string): string | undefined {
  const paths = new WeakMap<object, string>()
  let text: string | undefined
  let root = true // the first call is for JSON.stringify's wrapper { "": value }
  try {
    // `this` is the holder, so this[key] is the raw value before any toJSON() ran.
    text = JSON.stringify(value, function (this: unknown, key: string, _cooked: unknown) {
      const holder = this as Record<string, unknown>
      const raw = holder[key]
      const path = root ? 'value' : `${paths.get(holder as object) ?? 'value'}${segment(holder, key)}`
      root = false
      const problem = problemWith(raw)
      if (problem) throw errors.stateError(`cannot store ${where}: ${path} ${problem}; state values must be JSON (plain objects, arrays, strings, finite numbers, booleans, null)`)
      if (raw !== null && typeof raw === 'object') paths.set(raw, path)
      return raw
    })
  } catch (e) {
    if (e instanceof MmmError) throw e
    // JSON.stringify's own TypeError: a cycle.
    throw errors.stateError(`cannot store ${where}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}; state values must be JSON (no cycles)`, e)
  }
  return text
}

/** `text`, or MMM_STATE_ERROR when it is over the size limit. */
export function checkSize(text: string, where: string): string {
  // UTF-8 length is at most 3 bytes per UTF-16 unit: only count exactly when it could matter.
  if (text.length * 3 > MAX_VALUE_BYTES) {
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes > MAX_VALUE_BYTES) {
      throw errors.stateError(`cannot store ${where}: the value is ${(bytes / 1048576).toFixed(1)} MB as JSON; the limit is ${MAX_VALUE_BYTES / 1048576} MB (store large data in files and keep the path in state)`)
    }
  }
  return text
}

function problemWith(v: unknown): string | undefined {
  switch (typeof v) {
    case 'undefined': return 'is undefined'
    case 'function': return 'is a function'
    case 'bigint': return 'is a BigInt (store it as a string)'
    case 'symbol': return 'is a symbol'
    case 'number': return Number.isFinite(v) ? undefined : `is ${v} (not representable in JSON)`
    case 'object': {
      if (v === null || Array.isArray(v)) return undefined
      const proto = Object.getPrototypeOf(v)
      if (proto === Object.prototype || proto === null) return undefined
      const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'object'
      return name === 'Date' ? 'is a Date (store date.toISOString())' : `is a ${name}, not a plain object`
    }
    default: return undefined
  }
}

function segment(holder: unknown, key: string): string {
  if (Array.isArray(holder)) return `[${key}]`
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}
