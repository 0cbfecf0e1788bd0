// Validation of untrusted, JSON-decoded arguments: every failure is MMM_INVALID_INPUT, never a TypeError.

import { capErrors } from './capabilityErrors.ts'

export interface ArgChecker {
  fail(problem: string): never
  string(v: unknown, name: string, opts?: { allowEmpty?: boolean; max?: number }): string
  optString(v: unknown, name: string, opts?: { allowEmpty?: boolean; max?: number }): string | undefined
  optBool(v: unknown, name: string): boolean | undefined
  optInt(v: unknown, name: string, min: number, max: number): number | undefined
  /** undefined/null -> {}; anything but a plain object fails. */
  options(v: unknown, name: string, allowed: readonly string[]): Record<string, unknown>
  stringArray(v: unknown, name: string, max: number): string[]
  optStringArray(v: unknown, name: string, max: number): string[] | undefined
  optStringRecord(v: unknown, name: string, max: number): Record<string, string> | undefined
}

export function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'object' ? 'an object' : `${typeof v} ${short(v)}`
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v)
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  // Object.prototype of any realm (values may be decoded in another context), or no prototype
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === null || Object.getPrototypeOf(proto) === null
}

/** Validators that name the plugin and the method in their errors. */
export function checkArgs(plugin: string, method: string): ArgChecker {
  const fail = (problem: string): never => {
    throw capErrors.invalidArg(plugin, method, problem)
  }
  const string: ArgChecker['string'] = (v, name, opts = {}) => {
    if (typeof v !== 'string') return fail(`${name} must be a string, got ${typeName(v)}`)
    if (!opts.allowEmpty && v.length === 0) return fail(`${name} must not be empty`)
    if (v.includes('\0')) return fail(`${name} must not contain a NUL character`)
    if (opts.max !== undefined && v.length > opts.max) return fail(`${name} is longer than ${opts.max} characters`)
    return v
  }
  const checker: ArgChecker = {
    fail,
    string,
    optString: (v, name, opts) => (v === undefined || v === null ? undefined : string(v, name, opts)),
    optBool: (v, name) => {
      if (v === undefined || v === null) return undefined
      if (typeof v !== 'boolean') return fail(`${name} must be true or false, got ${typeName(v)}`)
      return v
    },
    optInt: (v, name, min, max) => {
      if (v === undefined || v === null) return undefined
      if (typeof v !== 'number' || !Number.isInteger(v)) return fail(`${name} must be an integer, got ${typeName(v)}`)
      if (v < min || v > max) return fail(`${name} must be between ${min} and ${max}, got ${v}`)
      return v
    },
    options: (v, name, allowed) => {
      if (v === undefined || v === null) return {}
      if (!isPlainObject(v)) return fail(`${name} must be an object, got ${typeName(v)}`)
      const unknown = Object.keys(v).filter((k) => !allowed.includes(k))
      if (unknown.length > 0) return fail(`${name} has unknown key(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')} (known: ${allowed.join(', ')})`)
      return v
    },
    stringArray: (v, name, max) => {
      if (!Array.isArray(v)) return fail(`${name} must be an array of strings, got ${typeName(v)}`)
      if (v.length > max) return fail(`${name} has ${v.length} items; at most ${max} are allowed`)
      return v.map((item, i) => string(item, `${name}[${i}]`, { allowEmpty: true }))
    },
    optStringArray: (v, name, max) => (v === undefined || v === null ? undefined : checker.stringArray(v, name, max)),
    optStringRecord: (v, name, max) => {
      if (v === undefined || v === null) return undefined
      if (!isPlainObject(v)) return fail(`${name} must be an object of strings, got ${typeName(v)}`)
      const entries = Object.entries(v)
      if (entries.length > max) return fail(`${name} has ${entries.length} keys; at most ${max} are allowed`)
      const out: Record<string, string> = {}
      for (const [k, value] of entries) {
        if (typeof value !== 'string') return fail(`${name}.${k} must be a string, got ${typeName(value)}`)
        if (k.includes('\0') || value.includes('\0')) return fail(`${name}.${k} must not contain a NUL character`)
        out[k] = value
      }
      return out
    },
  }
  return checker
}
