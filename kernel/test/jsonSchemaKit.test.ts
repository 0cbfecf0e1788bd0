// The ajv that compiles tool schemas: the built one (kernel/dist/jsonSchema.cjs, meta-schema validator generated at
// build time) must judge schemas exactly as ajv from node_modules does, messages and filled-in defaults included.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createSchemaKit, schemaKitHash, schemaKitSource, type SchemaKit } from '../src/registry/jsonSchemaKit.ts'
import { compileSchema } from '../src/registry/compileSchema.ts'

const built = existsSync(new URL('../dist/jsonSchema.cjs', import.meta.url))

const SCHEMAS: Array<Record<string, unknown>> = [
  { type: 'object', properties: { path: { type: 'string' }, n: { type: 'integer', default: 3 } }, required: ['path'] },
  { type: 'bogus' },
  { type: 'object', required: 'x', properties: [] },
  { minLength: 'x' },
  { enum: [] },
  { items: [{ type: 'string' }, 5] },
  { type: 'object', properties: { a: { type: 'array', items: { type: 'number', minimum: 'z' } } } },
  { pattern: 5 },
  { type: 'string', format: 'email' },
  { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' },
  { $schema: 'http://json-schema.org/draft-07/schema', type: 3 },
  { $schema: 'https://example.com/unknown-meta', type: 'string' },
  { definitions: { x: { type: 'nope' } }, $ref: '#/definitions/x' },
]

function verdict(kit: SchemaKit, schema: Record<string, unknown>): { error?: string; schema: unknown } {
  const copy = structuredClone(schema)
  try {
    kit.checkSchema(copy)
    kit.ajv.compile(copy)
    return { schema: copy }
  } catch (e) {
    return { error: (e as Error).message, schema: copy }
  }
}

describe('the schema kit', () => {
  test.runIf(built)('comes from the build when the build matches its options', () => {
    createSchemaKit()
    expect(schemaKitSource).toBe('built')
  })

  test.runIf(built)('judges every schema as ajv itself does: same verdict, same message, same schema after', () => {
    const fromBuild = createSchemaKit()
    const fromNodeModules = createSchemaKit({ preferBuilt: false })
    expect(schemaKitSource).toBe('node_modules')
    const errors = SCHEMAS.map((s) => {
      const a = verdict(fromBuild, s)
      expect(a).toEqual(verdict(fromNodeModules, s))
      return a.error
    })
    // The list holds valid and invalid schemas alike, so the comparison above is not vacuous.
    expect(errors.filter((e) => e === undefined).length).toBe(3)
    expect(errors[1]).toMatch(/^schema is invalid: data\/type must be equal to one of the allowed values/)
    expect(errors[11]).toMatch(/no schema with key or ref "https:\/\/example.com\/unknown-meta"/)
  })

  test('falls back to ajv from node_modules when the built file is damaged, stale or missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-kit-'))
    try {
      const files = {
        damaged: 'module.exports = {{ not javascript',
        stale: "module.exports = { hash: 'built-from-other-options', Ajv: function () {}, addFormats() {}, validateMeta() { return true } }",
        hollow: `module.exports = { hash: ${JSON.stringify(schemaKitHash())} }`,
      }
      for (const [name, text] of [...Object.entries(files), ['missing', undefined] as const]) {
        const file = join(dir, `${name}.cjs`)
        if (text !== undefined) writeFileSync(file, text)
        const kit = createSchemaKit({ builtFile: file })
        expect([name, schemaKitSource]).toEqual([name, 'node_modules'])
        // …and still judges schemas.
        expect(() => { kit.checkSchema({ type: 'bogus' }); kit.ajv.compile({ type: 'bogus' }) }).toThrow(/schema is invalid/)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a validator from compileSchema checks values, formats and defaults', () => {
    const v = compileSchema({ type: 'object', properties: { email: { type: 'string', format: 'email' }, n: { type: 'integer', default: 2 } }, required: ['email'] }, 'p', 'input of tool "t"')
    const value: Record<string, unknown> = { email: 'a@b.co' }
    expect(v(value)).toBeUndefined()
    expect(value.n).toBe(2)
    expect(v({ email: 'not an email' })).toMatch(/email: must match format "email"/)
    expect(v({})).toMatch(/missing required property "email"/)
  })

  test('an invalid schema is a coded manifest error naming the plugin and what it is for', () => {
    expect(() => compileSchema({ type: 'object', properties: { a: { type: 'strnig' } } }, 'acme', 'input of tool "t"')).toThrow(
      expect.objectContaining({ code: 'MMM_BAD_MANIFEST', message: expect.stringMatching(/acme.*input of tool "t" is invalid: schema is invalid/) }),
    )
  })
})
