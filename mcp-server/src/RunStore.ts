// Long-running calls: a tools/call that is still running after `mcp.longCallMs` answers at once with a
// run id, so it does not die at the client's request timeout; the call goes on, and its status and result
// are read with the `mmm_run` tool or the `mmm://runs/{runId}` resource. Runs live in this process only.
import { randomUUID } from 'node:crypto'
import { MmmError, type SerializedError } from '@mmm/kernel'

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface RunProgress {
  progress: number
  total?: number
  message?: string
}

export interface RunView {
  runId: string
  tool: string
  status: RunStatus
  startedAt: string
  endedAt?: string
  progress?: RunProgress
  result?: unknown
  error?: SerializedError
}

interface Run extends RunView {
  /** Who may read it: the MCP session that started it (undefined: sessionless transports, where the unguessable id is the key). */
  owner: string | undefined
  controller: AbortController
  done: Promise<void>
}

const KEEP_MS = 60 * 60_000
const MAX_RUNS = 1000

export class RunStore {
  private readonly runs = new Map<string, Run>()

  /** Registers a call that is already running; `promise` settles it. */
  start(tool: string, owner: string | undefined, controller: AbortController, promise: Promise<unknown>): RunView {
    this.prune()
    const run: Run = { runId: randomUUID(), tool, owner, status: 'running', startedAt: new Date().toISOString(), controller, done: Promise.resolve() }
    run.done = promise.then(
      (result) => { run.status = 'succeeded'; run.result = result },
      (e: unknown) => {
        const err = e instanceof MmmError ? e : new MmmError('MMM_INTERNAL', String(e))
        run.status = err.code === 'MMM_CANCELLED' ? 'cancelled' : 'failed'
        run.error = err.toJSON()
      },
    ).finally(() => { run.endedAt = new Date().toISOString() })
    this.runs.set(run.runId, run)
    return view(run)
  }

  progress(runId: string, p: RunProgress): void {
    const run = this.runs.get(runId)
    if (run) run.progress = p
  }

  /** The run's current state; waits up to `waitMs` for it to end first. */
  async get(runId: string, owner: string | undefined, waitMs = 0): Promise<RunView> {
    const run = this.find(runId, owner)
    if (run.status === 'running' && waitMs > 0) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([run.done, new Promise<void>((r) => { timer = setTimeout(r, waitMs) })])
      clearTimeout(timer)
    }
    return view(run)
  }

  cancel(runId: string, owner: string | undefined): RunView {
    const run = this.find(runId, owner)
    if (run.status === 'running') run.controller.abort()
    return view(run)
  }

  /** Run ids of one owner, newest first (for completion of the resource template's variable). */
  ids(owner: string | undefined): string[] {
    return [...this.runs.values()].filter((r) => r.owner === owner || r.owner === undefined).map((r) => r.runId).reverse()
  }

  private find(runId: string, owner: string | undefined): Run {
    const run = this.runs.get(runId)
    // Another session's run looks exactly like a missing one: no cross-session delivery, no oracle.
    if (!run || (run.owner !== undefined && run.owner !== owner)) {
      throw new MmmError('MMM_MCP_RUN_NOT_FOUND', `no run "${runId}" in this mmm mcp process (runs are kept 1 hour after they end); call the tool again`)
    }
    return run
  }

  private prune(): void {
    const now = Date.now()
    for (const [id, r] of this.runs) if (r.endedAt && now - Date.parse(r.endedAt) > KEEP_MS) this.runs.delete(id)
    // Past the cap, the oldest finished runs go first; running ones are never dropped.
    for (const [id, r] of this.runs) {
      if (this.runs.size < MAX_RUNS) break
      if (r.status !== 'running') this.runs.delete(id)
    }
  }
}

function view(r: Run): RunView {
  return {
    runId: r.runId,
    tool: r.tool,
    status: r.status,
    startedAt: r.startedAt,
    ...(r.endedAt ? { endedAt: r.endedAt } : {}),
    ...(r.progress ? { progress: r.progress } : {}),
    ...(r.status === 'succeeded' ? { result: r.result } : {}),
    ...(r.error ? { error: r.error } : {}),
  }
}
