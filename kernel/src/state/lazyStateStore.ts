// Opens the state store on first use: commands that never touch state (mmm tools, mmm config) skip the
// database driver entirely. A store that fails to open fails every use with the same clear error.
import type { StateStore } from './openStateStore.ts'

export function lazyStateStore(url: string, open: () => Promise<StateStore>): StateStore {
  let store: Promise<StateStore> | undefined
  let closed = false
  const get = () => (store ??= open())
  return {
    url,
    get: async (ns, key) => (await get()).get(ns, key),
    set: async (ns, key, value, ttlMs) => (await get()).set(ns, key, value, ttlMs),
    delete: async (ns, key) => (await get()).delete(ns, key),
    deleteMany: async (ns, keys) => (await get()).deleteMany(ns, keys),
    setMany: async (ns, entries) => (await get()).setMany(ns, entries),
    list: async (ns, prefix) => (await get()).list(ns, prefix),
    keys: async (ns, prefix) => (await get()).keys(ns, prefix),
    async close() {
      if (closed) return
      closed = true
      if (store) await (await store.catch(() => undefined))?.close()
    },
  }
}
