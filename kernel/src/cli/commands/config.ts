import { resolve } from 'node:path'
import { loadConfig } from '../../config/loadConfig.ts'
import { valueAtKeyPath } from '../../config/keyPath.ts'
import { colors, line, printJson, type GlobalOptions } from '../output.ts'

/** Prints the config alone: it starts no kernel, so it works even while a plugin waits for a grant. */
export async function configCommand(o: GlobalOptions): Promise<number> {
  const { config, sources, filepath, root, plugins } = await loadConfig({ cwd: resolve(o.cwd ?? '.'), ...(o.config ? { configFile: resolve(o.config) } : {}) })
  if (o.json) {
    printJson({ root, file: filepath ?? null, config, plugins, sources })
    return 0
  }
  line(`${colors.bold('root')}    ${root}`)
  line(`${colors.bold('file')}    ${filepath ?? colors.dim('(none: defaults only)')}`)
  line('')
  const keys = Object.keys(sources).sort()
  const width = Math.max(0, ...keys.map((k) => k.length))
  for (const key of keys) {
    const value = JSON.stringify(valueAtKeyPath(config, key), shortStrings)
    line(`${key.padEnd(width)}  ${value ?? colors.dim('(unset)')}  ${colors.dim(`← ${sources[key]}`)}`)
  }
  return 0
}

/** The table shows the start of a long text (a preset's shipped workflow, a prompt); --json prints it whole. */
const MAX_TEXT = 80
function shortStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT).replace(/\n/g, '⏎')}… (${value.length} characters; --json prints all)` : value
}
