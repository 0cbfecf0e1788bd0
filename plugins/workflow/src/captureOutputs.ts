// A step's outputs: from its JSON stdout (a field path), a regex over stdout, a file, or all of stdout; a tool
// step without declared outputs exposes its result's fields.
import type { PluginContext } from '@mmm/kernel/plugin'
import type { OutputSpec } from './types.ts'

export async function captureOutputs(ctx: PluginContext, specs: Record<string, OutputSpec> | undefined, stdout: string, value: unknown, cwd: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  // A tool step without outputs: exposes its result's fields (outputs.<step>.message).
  if (!specs) return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : out
  let json: unknown = value
  let parsed = value !== undefined
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.from === 'stdout') out[name] = stdout.trimEnd()
    else if (spec.from === 'regex') {
      const m = new RegExp(spec.pattern as string, 'm').exec(stdout)
      out[name] = m ? (m[1] ?? m[0]) : null
    } else if (spec.from === 'file') {
      const path = cwd && cwd !== '.' ? `${cwd}/${spec.path}` : (spec.path as string)
      out[name] = await ctx.fs.read(path)
    } else {
      if (!parsed) {
        try {
          json = JSON.parse(stdout)
        } catch {
          throw outputError(`output "${name}" reads JSON from the step's stdout, which is not JSON: ${stdout.slice(0, 120)}`)
        }
        parsed = true
      }
      out[name] = spec.path ? pick(json, spec.path) : json
    }
  }
  return out
}

function pick(v: unknown, path: string): unknown {
  let cur = v
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return null
    cur = (cur as Record<string, unknown>)[k]
  }
  return cur === undefined ? null : cur
}

function outputError(message: string): Error {
  const e = new Error(message) as Error & { code: string }
  e.code = 'MMM_WORKFLOW_OUTPUT'
  return e
}
