// Decides whether a plugin may load with what it asks for: lockfile, config grants, --yes, or a prompt.
import type { Permissions } from '../config/types.ts'
import { errors } from '../errors.ts'
import type { ResolvedPlugin } from '../plugins/resolvePlugin.ts'
import type { UiAdapter } from '../ui/UiAdapter.ts'
import type { Lockfile } from './Lockfile.ts'
import { checkConfigGrant, effectivePermissions } from './effectivePermissions.ts'
import { covers, describe, isEmpty } from './permissions.ts'

export interface GrantOptions {
  lock: Lockfile
  configGrants: Record<string, Permissions>
  /** Grant without asking: every plugin (--yes), or only the named ones (mmm plugin grant <name>). */
  yes: boolean | readonly string[]
  ui: UiAdapter
}

/**
 * Returns the granted permissions: what was asked, with a "*" in net or env replaced by exactly what the config's
 * grant lists (read at every start, so taking a host out of the config takes it away). The lockfile records the
 * request itself, pinned to the bundle.
 */
export async function grantPlugin(plugin: ResolvedPlugin, o: GrantOptions): Promise<Permissions> {
  const asked = plugin.requested
  const configured = o.configGrants[plugin.name]
  checkConfigGrant(plugin.name, configured)
  if (isEmpty(asked)) return {}
  const granted = () => effectivePermissions(asked, configured)
  const locked = o.lock.get(plugin.name)
  if (locked && locked.sha256 === plugin.sha256 && covers(locked.permissions, asked)) return granted()
  const record = (grantedBy: 'prompt' | 'yes' | 'config' | 'cli') => {
    o.lock.set(plugin.name, { sha256: plugin.sha256, version: plugin.version, source: plugin.specifier, permissions: asked, grantedAt: new Date().toISOString(), grantedBy })
    return granted()
  }
  if (configured && covers(configured, asked)) return record('config')
  if (o.yes === true) return record('yes')
  if (Array.isArray(o.yes) && o.yes.includes(plugin.name)) return record('cli')
  const why = !locked ? 'is new' : locked.sha256 !== plugin.sha256 ? 'changed since you granted it' : 'asks for more than you granted'
  const lines = describe(asked, plugin.name).map((l) => `  - ${l}`).join('\n')
  if (o.ui.interactive) {
    const ok = await o.ui.confirm(`Plugin "${plugin.name}" ${plugin.version} (${plugin.specifier}) ${why}. It asks to:\n${lines}\nGrant these permissions?`, { default: false })
    if (ok) return record('prompt')
  }
  throw errors.grantRequired(plugin.name, describe(asked, plugin.name).join('; '), why)
}
