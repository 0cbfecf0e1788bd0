// Comparing and describing permission sets (deny by default: an absent key grants nothing).
import type { Permissions } from '../config/types.ts'
import { USER_CHOSEN } from './effectivePermissions.ts'

export function isEmpty(p: Permissions): boolean {
  return describe(p).length === 0
}

/** True when `granted` allows everything `requested` asks for. A "*" in net or env asks for nothing by itself
 *  (the user's own list fills it, see effectivePermissions), so it is always covered. */
export function covers(granted: Permissions, requested: Permissions): boolean {
  const sub = (a: string[] | undefined, b: string[] | undefined) => (a ?? []).every((x) => (b ?? []).includes(x))
  const named = (a: string[] | undefined) => a?.filter((x) => x !== USER_CHOSEN)
  return (
    sub(requested.fs?.read, granted.fs?.read) &&
    sub(requested.fs?.write, granted.fs?.write) &&
    sub(requested.exec, granted.exec) &&
    sub(named(requested.net), granted.net) &&
    sub(requested.tools, granted.tools) &&
    sub(named(requested.env), granted.env) &&
    (!requested.claude || claudeCovers(granted.claude, requested.claude))
  )
}

function claudeCovers(g: Permissions['claude'], r: Permissions['claude']): boolean {
  const limit = (p: Permissions['claude']) => (p === true ? Infinity : p ? (p.maxTokensPerCall ?? Infinity) : -1)
  return limit(r) <= limit(g)
}

/** One line per permission, for prompts, `mmm plugin list` and errors (`plugin` names the grant to edit). */
export function describe(p: Permissions, plugin?: string): string[] {
  const out: string[] = []
  if (p.fs?.read?.length) out.push(`read files ${p.fs.read.join(', ')}`)
  if (p.fs?.write?.length) out.push(`write files ${p.fs.write.join(', ')}`)
  if (p.exec?.length) out.push(`run commands ${p.exec.join(', ')}`)
  if (p.net?.length) out.push(slotted('reach hosts', p.net, plugin ? `grants.${plugin}.net` : 'its grant\'s "net"'))
  if (p.claude) out.push(`call Claude${typeof p.claude === 'object' && p.claude.maxTokensPerCall ? ` (≤ ${p.claude.maxTokensPerCall} tokens a call)` : ''}`)
  if (p.tools?.length) out.push(`call tools ${p.tools.join(', ')}`)
  if (p.env?.length) out.push(slotted('read environment variables', p.env, plugin ? `grants.${plugin}.env` : 'its grant\'s "env"'))
  return out
}

function slotted(verb: string, list: string[], where: string): string {
  const named = list.filter((x) => x !== USER_CHOSEN)
  if (named.length === list.length) return `${verb} ${named.join(', ')}`
  const yours = `only those you list in ${where} in mmm.config.ts (none until you do)`
  return named.length ? `${verb} ${named.join(', ')}, and ${yours}` : `${verb}: ${yours}`
}
