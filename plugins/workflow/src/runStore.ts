// Runs in the plugin's state: one record per run, written after every step change (the checkpoint), and a
// lease so two mmm processes never execute the same run at once.
import type { PluginContext } from '@mmm/kernel/plugin'
import type { RunRecord } from './types.ts'

const LEASE_MS = 30_000

export interface RunStore {
  get(id: string): Promise<RunRecord | undefined>
  save(run: RunRecord): Promise<void>
  list(): Promise<RunRecord[]>
  /** Takes the run's lease or throws MMM_WORKFLOW_BUSY; returns a release function (renewed while held). */
  lease(id: string): Promise<() => Promise<void>>
  requestCancel(id: string): Promise<void>
  cancelRequested(id: string): Promise<boolean>
}

export function runStore(ctx: PluginContext): RunStore {
  const get = (id: string) => ctx.state.get<RunRecord>(`run:${id}`)
  return {
    get,
    save: (run) => ctx.state.set(`run:${run.id}`, run),
    async list() {
      return (await ctx.state.list<RunRecord>('run:')).map((e) => e.value).sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))
    },
    async lease(id) {
      const token = `${Date.now()}-${Math.random().toString(36).slice(2)}`
      const held = await ctx.state.get<{ token: string; until: number }>(`lease:${id}`)
      if (held && held.until > Date.now()) throw busy(id)
      const take = () => ctx.state.set(`lease:${id}`, { token, until: Date.now() + LEASE_MS })
      await take()
      // Another process may have taken it in the same moment: the last writer wins, the other one backs off.
      await new Promise((r) => setTimeout(r, 20))
      if ((await ctx.state.get<{ token: string }>(`lease:${id}`))?.token !== token) throw busy(id)
      let timer: ReturnType<typeof setTimeout> | undefined
      const renew = () => {
        timer = setTimeout(() => void take().then(renew, () => {}), LEASE_MS / 3)
      }
      renew()
      return async () => {
        if (timer !== undefined) clearTimeout(timer)
        if ((await ctx.state.get<{ token: string }>(`lease:${id}`))?.token === token) await ctx.state.delete(`lease:${id}`)
      }
    },
    requestCancel: (id) => ctx.state.set(`cancel:${id}`, true),
    async cancelRequested(id) {
      return (await ctx.state.get<boolean>(`cancel:${id}`)) === true
    },
  }
}

function busy(id: string): Error {
  const e = new Error(`run ${id} is being executed by another mmm process; wait for it, or cancel it with mmm workflow cancel ${id}`) as Error & { code: string }
  e.code = 'MMM_WORKFLOW_BUSY'
  return e
}
