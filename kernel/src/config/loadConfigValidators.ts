// The config validators: ajv code generated at build time (kernel/dist/configValidators.cjs) when it
// matches the current schemas, else compiled now. Compiling costs ~60 ms on every command otherwise.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { ValidateFunction } from 'ajv'

export const AJV_OPTIONS = { allErrors: false, verbose: true, allowUnionTypes: true, strict: true } as const

const require = createRequire(import.meta.url)
/** Which validators the last load used (for tests and --verbose diagnostics). */
export let configValidatorSource: 'precompiled' | 'compiled' | undefined

export function schemaHash(config: object, preset: object): string {
  return createHash('sha256').update(JSON.stringify([AJV_OPTIONS, config, preset])).digest('hex')
}

export function loadConfigValidators(config: object, preset: object): { config: ValidateFunction; preset: ValidateFunction } {
  // ../../dist from src/config, ../ from the built CLI's dist/chunks.
  const file = ['../../dist/configValidators.cjs', '../configValidators.cjs'].map((f) => new URL(f, import.meta.url)).find((u) => existsSync(u))
  if (file) {
    const pre = require(file.pathname) as { hash: string; config: ValidateFunction; preset: ValidateFunction }
    if (pre.hash === schemaHash(config, preset)) {
      configValidatorSource = 'precompiled'
      return { config: pre.config, preset: pre.preset }
    }
  }
  const { Ajv } = require('ajv') as typeof import('ajv')
  const ajv = new Ajv(AJV_OPTIONS)
  configValidatorSource = 'compiled'
  return { config: ajv.compile(config), preset: ajv.compile(preset) }
}
