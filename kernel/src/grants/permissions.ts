// Comparing and describing permission sets (deny by default: an absent key grants nothing).
import type { Permissions } from '../config/types.ts'

export function isEmpty(p: Permissions): boolean {
  return describe(p).length === 0
}

/** True when `granted` allows everything `requested` asks for. */
export function covers(granted: Permissions, requested: Permissions): boolean {
  const sub = (a: string[] | undefined, b: string[] | undefined) => (a ?? []).every((x) => (b ?? []).includes(x))
  return (
    sub(requested.fs?.read, granted.fs?.read) &&
    sub(requested.fs?.write, granted.fs?.write) &&
    sub(requested.exec, granted.exec) &&
    sub(requested.net, granted.net) &&
    sub(requested.tools, granted.tools) &&
    sub(requested.env, granted.env) &&
    (!requested.claude || claudeCovers(granted.claude, requested.claude))
  )
}

function claudeCovers(g: Permissions['claude'], r: Permissions['claude']): boolean {
  const limit = (p: Permissions['claude']) => (p === true ? Infinity : p ? (p.maxTokensPerCall ?? Infinity) : -1)
  return limit(r) <= limit(g)
}

/** One line per permission, for prompts, `mmm plugin list` and errors. */
export function describe(p: Permissions): string[] {
  const out: string[] = []
  if (p.fs?.read?.length) out.push(`read files ${p.fs.read.join(', ')}`)
  if (p.fs?.write?.length) out.push(`write files ${p.fs.write.join(', ')}`)
  if (p.exec?.length) out.push(`run commands ${p.exec.join(', ')}`)
  if (p.net?.length) out.push(`reach hosts ${p.net.join(', ')}`)
  if (p.claude) out.push(`call Claude${typeof p.claude === 'object' && p.claude.maxTokensPerCall ? ` (≤ ${p.claude.maxTokensPerCall} tokens a call)` : ''}`)
  if (p.tools?.length) out.push(`call tools ${p.tools.join(', ')}`)
  if (p.env?.length) out.push(`read environment variables ${p.env.join(', ')}`)
  return out
}
