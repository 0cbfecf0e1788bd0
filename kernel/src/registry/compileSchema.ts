// JSON Schema validation with ajv, one shared instance (compiling is the expensive part, so it is lazy).
import type { ErrorObject } from 'ajv'
import { errors } from '../errors.ts'
import { createSchemaKit, type SchemaKit } from './jsonSchemaKit.ts'

export type SchemaValidator = (value: unknown) => string | undefined

let kit: SchemaKit | undefined

/** Compiles a schema into a function that returns a readable problem list, or undefined when valid. */
export function compileSchema(schema: Record<string, unknown>, plugin: string, what: string): SchemaValidator {
  let validate
  try {
    kit ??= createSchemaKit()
    kit.checkSchema(schema)
    validate = kit.ajv.compile(schema)
  } catch (e) {
    throw errors.badManifest(plugin, `the JSON Schema for the ${what} is invalid: ${e instanceof Error ? e.message : String(e)}`)
  }
  return (value) => (validate(value) ? undefined : formatErrors(validate.errors ?? []))
}

export function formatErrors(list: ErrorObject[]): string {
  return list
    .slice(0, 5)
    .map((e) => {
      const at = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : '(root)'
      if (e.keyword === 'additionalProperties') return `${at}: unknown property "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`
      if (e.keyword === 'required') return `${at}: missing required property "${String((e.params as { missingProperty?: string }).missingProperty)}"`
      if (e.keyword === 'enum') return `${at}: must be one of ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}`
      return `${at}: ${e.message ?? e.keyword}`
    })
    .join('; ')
}
