import { errors, isMmmError, type MmmError } from '../errors.ts'

/**
 * MMM_CONFIG_LOAD_FAILED for a config or preset file that threw while loading, with a one-line reason:
 * parsers prefix "JSON Error in <file>:" and add code frames, which stay on the original (the cause).
 * A syntax error gets the line Node reports for it. An MmmError (e.g. from validation) passes through.
 */
export function loadFailed(e: unknown, fallbackFile: string): MmmError {
  if (isMmmError(e)) return e
  const filepath = (e as { filepath?: unknown } | null)?.filepath
  const file = typeof filepath === 'string' ? filepath : fallbackFile
  const lines = (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim())
  let line = lines.find((l) => l && !l.endsWith(`${file}:`)) ?? lines[0] ?? 'unknown error'
  if (e instanceof SyntaxError) {
    const at = new RegExp(`^(?:file://)?${escapeRegExp(file)}:(\\d+)$`).exec(e.stack?.split('\n')[0] ?? '')
    if (at) line += ` (line ${at[1]})`
  }
  const name = e instanceof Error && e.name !== 'Error' ? `${e.name}: ` : ''
  return errors.configLoadFailed(file, new Error(`${name}${line}`, { cause: e }))
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
