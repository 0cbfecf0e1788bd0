import fs from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import type { ConfigContext } from './types.ts'

/**
 * Imports a config or preset module (.ts runs natively on Node 24 through type stripping) and returns its
 * default export, called if it is a function and awaited if it is a promise. A CommonJS module's
 * `module.exports` is its default export. A module without one resolves to `undefined`.
 */
export async function importDefault(file: string, context: ConfigContext): Promise<unknown> {
  const { href } = pathToFileURL(await fs.realpath(file))
  const namespace = (await import(href)) as { default?: unknown }
  const exported = await namespace.default
  return typeof exported === 'function' ? await (exported as (c: ConfigContext) => unknown)(context) : exported
}
