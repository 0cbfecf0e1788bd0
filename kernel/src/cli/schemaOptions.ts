// Derives command-line flags from a tool's JSON Schema input, so every tool has a CLI form:
// strings → --name <value>, numbers → --n <number>, booleans → --flag / --no-flag, arrays → --x <a> <b>, objects → --x <json>.
import { Command, Option } from 'commander'
import { MmmError } from '../errors.ts'

interface PropSchema {
  type?: string | string[]
  description?: string
  enum?: unknown[]
  default?: unknown
  items?: { type?: string }
}

export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase()
}

/** Flags of mmm itself on every tool command: an input property of that name gets no flag (use --input). */
export const RESERVED_FLAGS: ReadonlySet<string> = new Set(['background'])

/** Adds one flag per input property; `positional` properties become arguments instead, in order. */
/** `human`: the input the CLI gives a person (x-mmm-human): its values are the defaults --help shows, with the schema's under --json. */
export function addSchemaOptions(cmd: Command, schema: Record<string, unknown>, positional: string[] = [], human: Record<string, unknown> = {}): void {
  const props = (schema.properties ?? {}) as Record<string, PropSchema>
  const required = new Set((schema.required as string[] | undefined) ?? [])
  for (const p of positional) if (props[p]) cmd.argument(required.has(p) ? `<${p}>` : `[${p}]`, props[p].description ?? '')
  for (const [name, prop] of Object.entries(props)) {
    if (positional.includes(name) || RESERVED_FLAGS.has(kebab(name))) continue
    const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type
    const flag = `--${kebab(name)}`
    const desc = `${prop.description ?? ''}${required.has(name) ? ' (required)' : ''}`.trim()
    let opt: Option
    if (type === 'boolean') {
      cmd.addOption(new Option(flag, desc))
      cmd.addOption(new Option(`--no-${kebab(name)}`).hideHelp())
      continue
    } else if (type === 'number' || type === 'integer') {
      opt = new Option(`${flag} <${type}>`, desc).argParser((v) => {
        const n = Number(v)
        if (v.trim() === '' || !Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) throw new MmmError('MMM_USAGE', `${flag} must be ${type === 'integer' ? 'a whole number' : 'a number'}, not "${v}"`)
        return n
      })
    } else if (type === 'array') {
      opt = new Option(`${flag} <values...>`, desc)
      if (prop.items?.type === 'number' || prop.items?.type === 'integer') opt.argParser((v: string, prev: unknown) => [...((prev as number[] | undefined) ?? []), Number(v)])
    } else if (type === 'object') {
      opt = new Option(`${flag} <json>`, desc).argParser((v) => {
        try {
          return JSON.parse(v) as unknown
        } catch {
          throw new MmmError('MMM_USAGE', `${flag} must be JSON, such as '{"key":"value"}'`)
        }
      })
    } else {
      opt = new Option(`${flag} <value>`, desc)
    }
    if (Array.isArray(prop.enum)) opt.choices(prop.enum.map(String))
    if (prop.default !== undefined) opt.default(prop.default, Object.hasOwn(human, name) ? `${JSON.stringify(human[name])}; ${JSON.stringify(prop.default)} with --json` : undefined)
    cmd.addOption(opt)
  }
}

/** Rebuilds the tool input from parsed flags and positional arguments (camelCase names as in the schema). */
export function inputFromOptions(schema: Record<string, unknown>, opts: Record<string, unknown>, args: unknown[], positional: string[] = []): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, PropSchema>
  const input: Record<string, unknown> = {}
  positional.forEach((p, i) => {
    if (args[i] !== undefined) input[p] = args[i]
  })
  for (const name of Object.keys(props)) {
    if (RESERVED_FLAGS.has(kebab(name)) && !positional.includes(name)) continue
    const key = kebab(name).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    if (opts[key] !== undefined && !(name in input)) input[name] = opts[key]
  }
  return input
}
