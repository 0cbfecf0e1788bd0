// Dependency order of specs (Kahn's algorithm, ties by priority then id); a cycle is an error that names it.
import type { Spec } from './types.ts'

export function orderSpecs(specs: readonly Spec[]): Spec[] {
  const byId = new Map(specs.map((s) => [s.id, s]))
  for (const s of specs) {
    for (const d of s.dependencies) {
      if (!byId.has(d)) throw coded('MMM_SPEC_INVALID', `spec "${s.id}" depends on "${d}", which does not exist (${s.file})`)
    }
  }
  const indegree = new Map(specs.map((s) => [s.id, s.dependencies.length]))
  const rank = (a: Spec, b: Spec) => a.priority - b.priority || (a.id < b.id ? -1 : 1)
  const ready = specs.filter((s) => s.dependencies.length === 0).sort(rank)
  const out: Spec[] = []
  while (ready.length) {
    const s = ready.shift()!
    out.push(s)
    for (const t of specs) {
      if (!t.dependencies.includes(s.id)) continue
      const n = indegree.get(t.id)! - 1
      indegree.set(t.id, n)
      if (n === 0) {
        ready.push(t)
        ready.sort(rank)
      }
    }
  }
  if (out.length < specs.length) throw coded('MMM_SPEC_CYCLE', `specs depend on each other in a circle: ${findCycle(specs.filter((s) => !out.includes(s)), byId).join(' → ')}`)
  return out
}

/**
 * For listing: the dependency order, or — when the dependencies are broken (a circle, a missing spec) — priority
 * order with the problem reported through `warn`, so `spec list` and `spec status` still show every spec.
 * Running refuses them (orderSpecs).
 */
export function orderForListing(specs: readonly Spec[], warn: (message: string) => void): Spec[] {
  try {
    return orderSpecs(specs)
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code !== 'MMM_SPEC_CYCLE' && code !== 'MMM_SPEC_INVALID') throw e
    warn(`${(e as Error).message}; listed by priority instead of dependency order, and mmm spec run refuses them until it is fixed [${code}]`)
    return [...specs].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1))
  }
}

function findCycle(left: readonly Spec[], byId: Map<string, Spec>): string[] {
  const onPath: string[] = []
  const seen = new Set<string>()
  const visit = (id: string): string[] | undefined => {
    const at = onPath.indexOf(id)
    if (at >= 0) return [...onPath.slice(at), id]
    if (seen.has(id)) return undefined
    seen.add(id)
    onPath.push(id)
    for (const d of byId.get(id)?.dependencies ?? []) {
      const c = visit(d)
      if (c) return c
    }
    onPath.pop()
    return undefined
  }
  for (const s of left) {
    const c = visit(s.id)
    if (c) return c
  }
  return left.map((s) => s.id)
}

export function coded(code: string, message: string): Error {
  const e = new Error(message) as Error & { code: string }
  e.code = code
  return e
}

export function mermaid(specs: readonly Spec[]): string {
  const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_')
  const lines = ['flowchart LR']
  for (const s of specs) lines.push(`  ${id(s.id)}["${s.id}: ${s.title.replace(/"/g, "'")} (${s.status})"]`)
  for (const s of specs) for (const d of s.dependencies) lines.push(`  ${id(d)} --> ${id(s.id)}`)
  return lines.join('\n')
}
