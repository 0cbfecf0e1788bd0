// Group commit for one plugin's state writes: the writes that reach the kernel together (one batch of a plugin
// host's messages, or while a commit is under way) are written in one statement. A workflow step's checkpoint
// and the next step's journal then cost one SQLite commit before that step's side effect, not two.
import type { StateStore } from '../state/openStateStore.ts'

interface Pending {
  key: string
  value: unknown
  resolve: () => void
  reject: (e: unknown) => void
}

/** A `set(key, value)` for namespace `ns` whose writes are committed in groups, in the order they were made. */
export function groupCommit(store: StateStore, ns: string): (key: string, value: unknown) => Promise<void> {
  let open: Pending[] = []
  let scheduled = false

  const commit = async (): Promise<void> => {
    while (open.length > 0) {
      const batch = open
      open = []
      try {
        if (batch.length === 1) await store.set(ns, batch[0]!.key, batch[0]!.value)
        else await store.setMany(ns, batch)
        for (const p of batch) p.resolve()
      } catch (e) {
        if (batch.length === 1) batch[0]!.reject(e)
        // One bad value must not fail the others: write them one by one, so each gets its own outcome.
        else for (const p of batch) await store.set(ns, p.key, p.value).then(p.resolve, p.reject)
      }
    }
    scheduled = false
  }

  return (key, value) =>
    new Promise<void>((resolve, reject) => {
      open.push({ key, value, resolve, reject })
      if (scheduled) return
      scheduled = true
      // After the messages already read have been handled (they may carry more writes), before any new I/O.
      setImmediate(() => void commit())
    })
}
