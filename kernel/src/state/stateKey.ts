// How a (namespace, key) pair becomes one key in the shared store, and the limits on both.
//
// Stored keys are `mmm:<ns>|<key>`. A namespace may not contain "|", so the first "|" always ends it:
// no key, however it is spelled ("../b", "|x", "b|y"), can reach into another namespace, and a
// prefix scan for `mmm:<ns>|` sees only that namespace.
import { errors } from '../errors.ts'

export const MAX_NAMESPACE_LENGTH = 200
export const MAX_KEY_LENGTH = 512
export const KEY_PREFIX = 'mmm:'
export const NAMESPACE_END = '|'

const NAMESPACE = /^[\x21-\x7b\x7d\x7e]+$/ // printable ASCII without space and "|"

/** The stored key for `key` in `ns`; throws MMM_STATE_ERROR for a bad namespace or key. */
export function stateKey(ns: string, key: string): string {
  assertKey(ns, key, 'key')
  return namespacePrefix(ns) + key
}

/** The stored-key prefix shared by every key of `ns` (and only by them). */
export function namespacePrefix(ns: string): string {
  if (typeof ns !== 'string' || ns.length === 0 || ns.length > MAX_NAMESPACE_LENGTH || !NAMESPACE.test(ns)) {
    throw errors.stateError(
      `state namespace ${show(ns)} is invalid: use 1–${MAX_NAMESPACE_LENGTH} printable ASCII characters without spaces or "|"`,
    )
  }
  return `${KEY_PREFIX}${ns}${NAMESPACE_END}`
}

/** Checks a key (what = 'key') or a list prefix (what = 'prefix', which may be empty). */
export function assertKey(ns: string, key: string, what: 'key' | 'prefix'): void {
  if (typeof key !== 'string') throw errors.stateError(`state ${what} in namespace "${ns}" must be a string, got ${typeof key}`)
  if (what === 'key' && key.length === 0) throw errors.stateError(`state key in namespace "${ns}" is empty; use a non-empty string`)
  if (key.length > MAX_KEY_LENGTH) {
    throw errors.stateError(`state ${what} "${key.slice(0, 40)}…" in namespace "${ns}" is ${key.length} characters; the limit is ${MAX_KEY_LENGTH} (hash long ids, e.g. sha256)`)
  }
  if (key.includes('\0') || !key.isWellFormed()) {
    throw errors.stateError(`state ${what} ${show(key)} in namespace "${ns}" contains a NUL character or a lone UTF-16 surrogate; such keys cannot be stored everywhere`)
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v) : String(v)
}
