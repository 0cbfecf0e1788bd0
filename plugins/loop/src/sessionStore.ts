// Sessions in the plugin's state: `session:<id>` rewritten after every phase (the checkpoint), `stop:<id>`
// when `mmm loop stop` asks a running session to stop, and a short renewed lease so that two mmm processes
// never work on one session at once (a killed process's lease lapses in seconds; resume waits that long).
import { DEFAULT_LEASE_MS, leaseHeld, stateLease, type PluginContext } from '@mmm/kernel/plugin'
import { totalUsage } from './addUsage.ts'
import { coded } from './coded.ts'
import type { Session } from './types.ts'

export const LEASE_MS = DEFAULT_LEASE_MS

export interface SessionStore {
  get(id: string): Promise<Session | undefined>
  /** The session, or MMM_LOOP_SESSION_NOT_FOUND naming how to list them. */
  need(id: string): Promise<Session>
  save(s: Session): Promise<void>
  /** Newest first. */
  list(): Promise<Session[]>
  lease(id: string, waitMs?: number): Promise<() => Promise<void>>
  /** Whether a live process holds the session's lease. */
  leaseHeld(id: string): Promise<boolean>
  requestStop(id: string): Promise<void>
  stopRequested(id: string): Promise<boolean>
  clearStop(id: string): Promise<void>
}

export function sessionStore(ctx: PluginContext): SessionStore {
  const store: SessionStore = {
    get: (id) => ctx.state.get<Session>(`session:${id}`),
    async need(id) {
      const s = await store.get(id)
      if (!s) throw coded('MMM_LOOP_SESSION_NOT_FOUND', `no improve session "${id}" (mmm loop sessions lists them)`)
      return s
    },
    save: (s) => {
      s.usage = totalUsage(s)
      s.updatedAt = new Date().toISOString()
      return ctx.state.set(`session:${s.id}`, s)
    },
    async list() {
      return (await ctx.state.list<Session>('session:')).map((e) => e.value).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
    },
    lease: (id, waitMs = 0) => stateLease(ctx.state, `lease:${id}`, {
      ttlMs: LEASE_MS,
      waitMs,
      busy: () => coded('MMM_LOOP_BUSY', `session ${id} is being worked on by another mmm process; wait for it, or stop it with mmm loop stop ${id}`),
    }),
    leaseHeld: (id) => leaseHeld(ctx.state, `lease:${id}`),
    requestStop: (id) => ctx.state.set(`stop:${id}`, true),
    async stopRequested(id) {
      return (await ctx.state.get<boolean>(`stop:${id}`)) === true
    },
    async clearStop(id) {
      await ctx.state.delete(`stop:${id}`)
    },
  }
  return store
}
