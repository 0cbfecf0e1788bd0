// `triggers:` of a workflow: what starts it besides `mmm workflow run` (read by `mmm watch`).
import { Cron } from 'croner'
import type { Bad } from './checkWorkflow.ts'
import type { Trigger } from './types.ts'

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** triggers: manual, spec_added / spec_changed (optionally with globs: { paths: [...] }, a list or one), { schedule: "<cron>" }. */
export function checkTriggers(v: unknown, bad: Bad): Trigger[] {
  if (v === undefined) return []
  if (!Array.isArray(v)) return bad(['triggers'], 'triggers is a list: manual, spec_added, spec_changed, { schedule: "0 9 * * 1-5" }') ?? []
  const out: Trigger[] = []
  v.forEach((t, i) => {
    const p = ['triggers', i]
    if (t === 'manual') return
    if (t === 'spec_added' || t === 'spec_changed') return void out.push({ kind: t, paths: ['specs/**'] })
    const kind = isObj(t) ? (['spec_added', 'spec_changed'] as const).find((k) => k in t) : undefined
    if (kind) {
      // { spec_added: { paths: [globs] } }, or the globs themselves: { spec_added: 'specs/api-*.md' } / [ … ].
      const v = (t as Record<string, unknown>)[kind]
      const paths = isObj(v) ? (v.paths ?? ['specs/**']) : typeof v === 'string' ? [v] : v
      if (!Array.isArray(paths) || !paths.length || !paths.every((x) => typeof x === 'string')) return void bad([...p, kind, ...(isObj(v) ? ['paths'] : [])], 'paths is a glob or a list of globs, e.g. specs/api-*.md')
      return void out.push({ kind, paths: paths as string[] })
    }
    if (isObj(t) && typeof t.schedule === 'string') {
      try {
        new Cron(t.schedule, { paused: true }).stop()
      } catch (e) {
        return void bad([...p, 'schedule'], `not a cron schedule (minute hour day month weekday, or with seconds first): ${(e as Error).message}`)
      }
      return void out.push({ kind: 'schedule', cron: t.schedule })
    }
    bad(p, 'a trigger is manual, spec_added, spec_changed, { spec_added: <globs> }, { spec_changed: <globs> } or { schedule: "<cron>" }')
  })
  return out
}
