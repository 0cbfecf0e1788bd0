// The job's side of `--background`: the detached process marks its record running (with its pid), then
// succeeded, failed or cancelled (with the coded error) when the work ends.
import { JobStore } from '../claude/jobs/JobStore.ts'
import { toMmmError } from '../errors.ts'
import { jobStoreFor } from './jobStoreFor.ts'
import type { GlobalOptions } from './output.ts'

/** Runs `work` as job `id` (nothing recorded when `id` is undefined: not a background job). */
export async function recordJob<T>(root: string, id: string | undefined, work: () => Promise<T>, costUsd: (result: T | undefined) => Promise<number | undefined>): Promise<T> {
  if (id === undefined) return work()
  const store = new JobStore(root)
  store.update(id, { pid: process.pid, status: 'running' })
  let result: T
  try {
    result = await work()
  } catch (e) {
    const err = toMmmError(e)
    const cost = await costUsd(undefined).catch(() => undefined)
    store.update(id, { status: err.code === 'MMM_CANCELLED' ? 'cancelled' : 'failed', endedAt: new Date().toISOString(), error: { code: err.code, message: err.message }, ...(cost !== undefined ? { costUsd: cost } : {}) })
    throw err
  }
  const cost = await costUsd(result).catch(() => undefined)
  store.update(id, { status: 'succeeded', endedAt: new Date().toISOString(), ...(cost !== undefined ? { costUsd: cost } : {}) })
  return result
}

/** Marks job `id` failed when its process stops before the work started (a config or plugin that would not load). */
export async function recordJobFailure(o: GlobalOptions, id: string, e: unknown): Promise<void> {
  try {
    const store = await jobStoreFor(o)
    const job = store.get(id)
    if (job.id !== id || job.status !== 'running') return
    const err = toMmmError(e)
    store.update(id, { status: 'failed', endedAt: new Date().toISOString(), error: { code: err.code, message: err.message } })
  } catch {
    // no record to update: the error is still reported on the job's log
  }
}
