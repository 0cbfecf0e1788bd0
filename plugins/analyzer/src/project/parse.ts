// Never-throwing parsers and narrowing helpers for manifest text.
import { parse as parseTomlText } from 'smol-toml'
import { parse as parseYamlText } from 'yaml'

export type JsonRecord = Record<string, unknown>

export function parseJson(text: string | undefined): JsonRecord | undefined {
  if (text === undefined) return undefined
  try {
    return asRecord(JSON.parse(stripBom(text)))
  } catch {
    // JSONC (tsconfig, deno.jsonc, biome.jsonc): strip comments and trailing commas, then retry.
    try {
      return asRecord(JSON.parse(stripJsonComments(stripBom(text))))
    } catch {
      return undefined
    }
  }
}

export function parseToml(text: string | undefined): JsonRecord | undefined {
  if (text === undefined) return undefined
  try {
    return asRecord(parseTomlText(stripBom(text)))
  } catch {
    return undefined
  }
}

export function parseYaml(text: string | undefined): JsonRecord | undefined {
  if (text === undefined) return undefined
  try {
    return asRecord(parseYamlText(stripBom(text)))
  } catch {
    return undefined
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function stripJsonComments(text: string): string {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inString) {
      out += c
      if (c === '\\') out += text[++i] ?? ''
      else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
      out += c
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
      out += '\n'
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++
      i++
    } else out += c
  }
  return out.replace(/,(\s*[}\]])/g, '$1')
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Walks nested records: get(obj, 'tool', 'poetry', 'dependencies'). */
export function getPath(value: unknown, ...keys: string[]): unknown {
  let cur = value
  for (const key of keys) {
    const rec = asRecord(cur)
    if (rec === undefined) return undefined
    cur = rec[key]
  }
  return cur
}

/** A record of string values (dependency maps); non-string values are rendered by `render` or dropped. */
export function stringMap(value: unknown, render?: (v: unknown) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  const rec = asRecord(value)
  if (rec === undefined) return out
  for (const [key, v] of Object.entries(rec)) {
    const s = typeof v === 'string' ? v : render?.(v)
    if (s !== undefined) out[key] = s
  }
  return out
}

/**
 * A concrete version from a requirement ("^14.1.0" → "14.1.0", ">=0.110,<1" → "0.110", "~> 7.1" → "7.1").
 * Undefined for ranges without a number ("*", "latest", "workspace:*", git URLs).
 */
export function cleanVersion(spec: string | undefined): string | undefined {
  if (spec === undefined) return undefined
  const s = spec.trim()
  if (/^(?:workspace|file|link|git|github|http|https|npm|portal|catalog):/.test(s) || s.includes('://')) return undefined
  const m = /^[\s^~=><!v]*(\d+(?:\.[0-9A-Za-z]+)*(?:[-+][0-9A-Za-z.-]+)?)/.exec(s)
  return m?.[1]
}
