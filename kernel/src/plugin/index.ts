// @mmm/kernel/plugin — the guest API for plugin authors. Tiny and free of Node imports: it is bundled into plugins.
export type * from './types.ts'
import type { PluginDefinition } from './types.ts'

/** Identity helper that types a plugin; a plain object with the same shape works the same. */
export function definePlugin<P extends PluginDefinition>(plugin: P): P {
  return plugin
}

export { DEFAULT_LEASE_MS, leaseHeld, stateLease, type StateLeaseOptions } from './stateLease.ts'
