// ajv for tool schemas, loaded on first use. The built CLI ships kernel/dist/jsonSchema.cjs (scripts/build-kernel.ts):
// ajv and ajv-formats bundled into one file, and the draft-07 meta-schema validator ajv would otherwise compile at
// its first compile. Loading ajv's ~100 files costs ~20 ms and compiling the meta-schema ~30 ms, on every command
// that calls a tool; the built file costs ~7 ms. From the sources (or when the build is stale) ajv comes from
// node_modules and validates schemas itself, with the same verdicts.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Ajv as AjvType, ErrorObject } from 'ajv'

/** Options of the one ajv instance that compiles tool, prompt and structured-answer schemas. */
export const SCHEMA_AJV_OPTIONS = { allErrors: true, strict: false, useDefaults: true, coerceTypes: false } as const

/** The meta-schema every schema without its own "$schema" is checked against (ajv's default). */
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema'

type MetaValidator = ((schema: unknown) => boolean) & { errors?: ErrorObject[] | null }

interface BuiltKit {
  Ajv: new (o: object) => AjvType
  addFormats: (a: AjvType) => void
  validateMeta: MetaValidator
  hash: string
}

export interface SchemaKit {
  ajv: AjvType
  /** Throws ajv's own "schema is invalid: …" error when `schema` is not a valid JSON Schema. */
  checkSchema(schema: Record<string, unknown>): void
}

/** Which ajv the last kit came from (for tests and diagnostics). */
export let schemaKitSource: 'built' | 'node_modules' | undefined

const require = createRequire(import.meta.url)

/** Ties the built file to the options it was generated with: a build from other options is ignored. */
export function schemaKitHash(): string {
  return createHash('sha256').update(JSON.stringify([SCHEMA_AJV_OPTIONS, DRAFT_07])).digest('hex')
}

/** The built kit when there is one that matches (a missing, damaged or stale file is not used). */
function builtKit(path?: string): BuiltKit | undefined {
  // ../../dist from src/registry, ../ from the built CLI's dist/chunks.
  const file = path ?? ['../../dist/jsonSchema.cjs', '../jsonSchema.cjs'].map((f) => new URL(f, import.meta.url).pathname).find((f) => existsSync(f))
  if (!file) return undefined
  try {
    const kit = require(file) as Partial<BuiltKit>
    return kit.hash === schemaKitHash() && typeof kit.Ajv === 'function' && typeof kit.addFormats === 'function' && typeof kit.validateMeta === 'function' ? (kit as BuiltKit) : undefined
  } catch {
    return undefined
  }
}

/** `builtFile`: where the built kit is (tests); `preferBuilt: false` ignores it. */
export function createSchemaKit(o: { preferBuilt?: boolean; builtFile?: string } = {}): SchemaKit {
  const built = o.preferBuilt === false ? undefined : builtKit(o.builtFile)
  if (built) {
    schemaKitSource = 'built'
    const ajv = new built.Ajv({ ...SCHEMA_AJV_OPTIONS, validateSchema: false })
    built.addFormats(ajv)
    return {
      ajv,
      checkSchema(schema) {
        // A schema naming another meta-schema is checked by ajv itself, as it would be without the built file.
        const own = typeof schema.$schema === 'string' && schema.$schema.replace(/#$/, '') !== DRAFT_07
        const ok = own ? ajv.validateSchema(schema) : built.validateMeta(schema)
        if (!ok) throw new Error(`schema is invalid: ${ajv.errorsText(own ? ajv.errors : built.validateMeta.errors)}`)
      },
    }
  }
  schemaKitSource = 'node_modules'
  const Ajv = (require('ajv') as { default: BuiltKit['Ajv'] }).default
  const addFormats = (require('ajv-formats') as { default: BuiltKit['addFormats'] }).default
  const ajv = new Ajv(SCHEMA_AJV_OPTIONS)
  addFormats(ajv)
  // ajv checks every schema against its meta-schema when it compiles it (validateSchema on).
  return { ajv, checkSchema: () => {} }
}
