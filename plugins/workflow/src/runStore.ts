// Runs in the plugin's state: one record per run, written after every step change (the checkpoint), and a
// lease so two mmm processes never execute the same run at once.
import { DEFAULT_LEASE_MS, stateLease, type PluginContext } from '@mmm/kernel/plugin'
import type { RunRecord, StepRecord } from './types.ts'

// Short, renewed every third of it: a killed process's lease lapses in seconds, and resume waits that long.
export const LEASE_MS = DEFAULT_LEASE_MS

export interface RunStore {
  /** The run with all its steps. */
  get(id: string): Promise<RunRecord | undefined>
  /** The run's header (status, stages, error): everything but the steps. */
  save(run: RunRecord): Promise<void>
  /** One step's record: one small write per step, whatever the size of the run. */
  saveStep(id: string, key: string, step: StepRecord): Promise<void>
  /** Runs without their steps, newest first. */
  list(): Promise<RunRecord[]>
  /** Takes the run's lease, waiting up to `waitMs` for another holder's to end, or throws MMM_WORKFLOW_BUSY;
   *  returns a release function (the lease is renewed while held). */
  lease(id: string, waitMs?: number): Promise<() => Promise<void>>
  requestCancel(id: string): Promise<void>
  cancelRequested(id: string): Promise<boolean>
}

export function runStore(ctx: PluginContext): RunStore {
  return {
    async get(id) {
      const run = await ctx.state.get<RunRecord>(`run:${id}`)
      if (!run) return undefined
      const prefix = `step:${id}:`
      run.steps = Object.fromEntries((await ctx.state.list<StepRecord>(prefix)).map((e) => [e.key.slice(prefix.length), e.value]))
      return run
    },
    save: (run) => ctx.state.set(`run:${run.id}`, { ...run, steps: {} }),
    saveStep: (id, key, step) => ctx.state.set(`step:${id}:${key}`, step),
    async list() {
      return (await ctx.state.list<RunRecord>('run:')).map((e) => e.value).sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))
    },
    lease: (id, waitMs = 0) => stateLease(ctx.state, `lease:${id}`, { ttlMs: LEASE_MS, waitMs, busy: () => busy(id) }),
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
