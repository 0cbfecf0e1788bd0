// Printing for the CLI: human lines (colour only on a TTY without NO_COLOR) or exactly one JSON document.
import pc from 'picocolors'
import { MmmError, toMmmError } from '../errors.ts'

export interface GlobalOptions {
  cwd?: string
  config?: string
  yes?: boolean
  json?: boolean
  verbose?: boolean
  color?: boolean
}

export const colors = pc.createColors(useColor())

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  if (process.argv.includes('--no-color')) return false
  return stream.isTTY === true
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

export function line(text = ''): void {
  process.stdout.write(`${text}\n`)
}

/** A plain text table: columns padded to their widest cell. */
export function table(rows: string[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows
  const widths = all[0]?.map((_, i) => Math.max(...all.map((r) => visible(r[i] ?? '').length))) ?? []
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - visible(c).length))).join('  ').trimEnd()
  const out = all.map(fmt)
  if (header) out[0] = colors.bold(out[0]!)
  return out.join('\n')
}

function visible(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '')
}

/** Prints an error the way DESIGN §11 says (one line, what to do; detail with --verbose) and returns the exit code. */
export function reportError(e: unknown, o: GlobalOptions): 1 | 2 {
  const err = e instanceof MmmError ? e : toMmmError(e)
  if (o.json) printJson({ error: err.toJSON() })
  else {
    const where = err.plugin ? ` (plugin ${err.plugin}${err.tool ? `, ${err.tool}` : ''}${err.hook ? `, hook ${err.hook}` : ''})` : ''
    process.stderr.write(`${colors.red('mmm:')} ${err.message} ${colors.dim(`[${err.code}]${where}`)}\n`)
    if (o.verbose) {
      if (err.details !== undefined) process.stderr.write(`${JSON.stringify(err.details, null, 2)}\n`)
      const cause = (err as { cause?: unknown }).cause
      process.stderr.write(`${(cause instanceof Error ? cause.stack : err.stack) ?? ''}\n`)
    }
  }
  return err.exitCode
}
