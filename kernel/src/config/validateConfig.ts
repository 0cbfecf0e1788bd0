import type { ErrorObject, ValidateFunction } from 'ajv'
import { errors } from '../errors.ts'
import { CONFIG_SCHEMA, PRESET_SCHEMA } from './configSchema.ts'
import { loadConfigValidators } from './loadConfigValidators.ts'
import { didYouMean } from './didYouMean.ts'
import { isPlainObject } from './isPlainObject.ts'
import { formatKeyPath } from './keyPath.ts'

/** Names the source of the value at a key path ('' is the whole layer), for the error message. */
export type SourceOf = (keyPath: string) => string | undefined

let validators: { config: ValidateFunction; preset: ValidateFunction } | undefined

/**
 * Checks one config layer (kind 'config') or a preset module's export (kind 'preset') against the schema,
 * and throws the first problem as one MMM_BAD_CONFIG naming the key, the value, what was expected and the source.
 */
export function validateConfig(value: unknown, sourceOf: SourceOf, kind: 'config' | 'preset' = 'config'): void {
  if (!isPlainObject(value)) {
    const expected = kind === 'preset'
      ? 'a preset object (export default definePreset({ ... }))'
      : 'an object (export default defineConfig({ ... }))'
    throw errors.badConfig('(root)', value, expected, sourceOf(''))
  }
  validators ??= loadConfigValidators(CONFIG_SCHEMA, PRESET_SCHEMA)
  const validate = validators[kind]
  if (validate(value)) return
  const error = validate.errors?.find((e) => e.keyword !== 'if') ?? validate.errors?.[0]
  if (!error) return
  const problem = describe(error, value)
  const key = formatKeyPath(problem.path)
  throw errors.badConfig(key, problem.value, problem.expected, sourceOf(key))
}

/** The source of a key path in a merged config: the key's own entry, else its nearest ancestor's, else a descendant's. */
export function sourceFromMap(sources: Record<string, string>, keyPath: string): string | undefined {
  for (let k = keyPath; k; k = parentKey(k)) {
    if (sources[k] !== undefined) return sources[k]
  }
  const child = Object.keys(sources).find((k) => k.startsWith(`${keyPath}.`) || k.startsWith(`${keyPath}[`))
  return child === undefined ? undefined : sources[child]
}

interface Problem {
  path: (string | number)[]
  value: unknown
  expected: string
}

function describe(error: ErrorObject, root: unknown): Problem {
  const path = instancePath(error.instancePath, root)
  const schema = (error.parentSchema ?? {}) as { description?: string; properties?: Record<string, { description?: string }> }
  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty)
    const known = Object.keys(schema.properties ?? {})
    const suggestion = didYouMean(key, known)
    const expected = suggestion
      ? `one of the known keys (did you mean "${suggestion}"?)`
      : `one of the known keys: ${known.map((k) => `"${k}"`).join(', ')}`
    return { path: [...path, key], value: (error.data as Record<string, unknown>)[key], expected }
  }
  if (error.keyword === 'required') {
    const key = String((error.params as { missingProperty: string }).missingProperty)
    return { path: [...path, key], value: undefined, expected: schema.properties?.[key]?.description ?? 'a value' }
  }
  return { path, value: error.data, expected: schema.description ?? fallbackExpected(error) }
}

function fallbackExpected(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'type': {
      const types = ([] as unknown[]).concat(params.type).map(String)
      return types.map((t) => `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`).join(' or ')
    }
    case 'enum':
      return `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'minimum':
      return `a number >= ${String(params.limit)}`
    case 'minLength':
      return 'a non-empty string'
    default:
      return error.message ?? 'a valid value'
  }
}

/** Turns ajv's JSON pointer into key segments, numbers for array indexes. */
function instancePath(pointer: string, root: unknown): (string | number)[] {
  const out: (string | number)[] = []
  let current: unknown = root
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(current)) {
      out.push(Number(segment))
      current = current[Number(segment)]
    } else {
      out.push(segment)
      current = isPlainObject(current) ? current[segment] : undefined
    }
  }
  return out
}

function parentKey(keyPath: string): string {
  const m = /^(.*?)(?:\.[^.[\]]+|\[[^\]]*\])$/.exec(keyPath)
  return m ? m[1]! : ''
}
