// A lease in a plugin's state: one holder at a time for a long run (a workflow run, an improve session), across
// mmm processes and machines sharing the state store. Short and renewed every third of its length while held,
// so a killed holder's lease lapses in seconds; a caller may wait that long for it.
import type { StateCapability } from './types.ts'

export interface StateLeaseOptions {
  /** How long a lease lasts unless renewed (default 6 s). */
  ttlMs?: number
  /** How long to wait for another holder's lease to end before giving up (default 0). */
  waitMs?: number
  /** The error to throw when the lease is held elsewhere. */
  busy: () => Error
}

export const DEFAULT_LEASE_MS = 6_000

/** Takes the lease stored under `key`; resolves to a release function (the lease is renewed until then). */
export async function stateLease(state: StateCapability, key: string, o: StateLeaseOptions): Promise<() => Promise<void>> {
  const ttl = o.ttlMs ?? DEFAULT_LEASE_MS
  const token = `${Date.now()}-${Math.random().toString(36).slice(2)}`
  const deadline = Date.now() + (o.waitMs ?? 0)
  const take = () => state.set(key, { token, until: Date.now() + ttl })
  for (;;) {
    const held = await state.get<{ token: string; until: number }>(key)
    if (!held || held.until <= Date.now()) {
      await take()
      // Two takers in the same moment: the last writer wins, the other waits.
      await new Promise((r) => setTimeout(r, 20))
      if ((await state.get<{ token: string }>(key))?.token === token) break
    }
    if (Date.now() >= deadline) throw o.busy()
    await new Promise((r) => setTimeout(r, 250))
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const renew = () => {
    timer = setTimeout(() => void take().then(renew, () => {}), ttl / 3)
  }
  renew()
  return async () => {
    if (timer !== undefined) clearTimeout(timer)
    if ((await state.get<{ token: string }>(key))?.token === token) await state.delete(key)
  }
}

/** Whether a live holder has the lease under `key`. */
export async function leaseHeld(state: StateCapability, key: string): Promise<boolean> {
  const held = await state.get<{ until: number }>(key)
  return !!held && held.until > Date.now()
}
