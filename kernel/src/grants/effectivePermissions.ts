// "Hosts (or variables) the user chooses": a manifest may ask for `"net": ["*"]` or `"env": ["*"]` because a
// packaged plugin cannot know the user's webhook host or secret's name. That "*" is a slot, not a wildcard:
// the plugin gets what it named plus exactly what the user's config grant lists, so --yes and the prompt
// (which approve the request) add nothing, and a grant may not list "*" itself.
import type { Permissions } from '../config/types.ts'
import { errors } from '../errors.ts'

export const USER_CHOSEN = '*'

/** Lists whose "*" means "what the user lists" (in tools and fs, "*" stays a glob). */
const SLOTTED = ['net', 'env'] as const

/** The permissions a plugin runs with: the request, each "*" slot replaced by the config grant's entries. */
export function effectivePermissions(asked: Permissions, configured: Permissions | undefined): Permissions {
  const out: Permissions = { ...asked }
  for (const key of SLOTTED) {
    const list = asked[key]
    if (!list?.includes(USER_CHOSEN)) continue
    const named = list.filter((x) => x !== USER_CHOSEN)
    const chosen = (configured?.[key] ?? []).filter((x) => !named.includes(x))
    out[key] = [...named, ...chosen]
  }
  return out
}

/** A grant names hosts and variables: "*" (every host, every variable) cannot be granted. */
export function checkConfigGrant(plugin: string, configured: Permissions | undefined): void {
  const anyHost = configured?.net?.find((h) => h.trim().replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1') === USER_CHOSEN)
  if (anyHost !== undefined) {
    throw errors.badConfig(`grants.${plugin}.net`, configured!.net, `the hosts "${plugin}" may reach, e.g. ["hooks.slack.com"] or ["*.example.com"]; "*" (every host) cannot be granted, list the hosts instead`)
  }
  if (configured?.env?.includes(USER_CHOSEN)) {
    throw errors.badConfig(`grants.${plugin}.env`, configured.env, `the environment variables "${plugin}" may read, e.g. ["SLACK_TOKEN"]; "*" (every variable) cannot be granted, list the names instead`)
  }
}
