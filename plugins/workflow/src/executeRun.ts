// Executes (or resumes) one run: stages in order, a stage's steps in order or in parallel, for_each fan-out,
// conditions, retries, timeouts and on_failure. The run record is saved before and after every step, so a run
// killed at any point resumes with every finished step kept: those are never executed again (a step that was
// running when the process died runs again, so steps should be safe to repeat).
import type { CallContext, PluginContext } from '@mmm/kernel/plugin'
import { captureOutputs } from './captureOutputs.ts'
import { condition, evaluateBare, type ExprContext } from './expressions.ts'
import type { RunStore } from './runStore.ts'
import { runStepOnce } from './runStepOnce.ts'
import type { RunRecord, Stage, Step, StepRecord, StepStatus, Workflow } from './types.ts'

interface Scope {
  parameters: Record<string, unknown>
  env: Record<string, string>
  outputs: Record<string, Record<string, unknown>>
  steps: Record<string, { status: StepStatus; outputs: Record<string, unknown>; exitCode?: number; tail?: string }>
  stages: Record<string, { status: StepStatus; items?: Array<{ item: unknown; status: StepStatus; outputs: Record<string, Record<string, unknown>> }> }>
  item?: unknown
  index?: number
}

const CANCEL_POLL_MS = 200
/** Step writes not landed yet beyond which the engine waits for the store (it issues two per step). */
const MAX_PENDING_WRITES = 64

class Stop extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

export interface ExecuteDeps {
  ctx: PluginContext
  call: CallContext
  store: RunStore
  workflow: Workflow
}

export async function executeRun(d: ExecuteDeps, run: RunRecord): Promise<RunRecord> {
  const { workflow: wf, store, call } = d
  // `env` in expressions: the variables the user granted (grants.workflow.env), then the workflow's own env.
  const scope: Scope = { parameters: run.params, env: { ...d.ctx.env, ...wf.env }, outputs: {}, steps: {}, stages: {} }
  const total = wf.stages.reduce((n, s) => n + s.steps.length, 0)
  let done = 0
  run.status = 'running'
  delete run.error
  delete run.endedAt
  await store.save(run)

  const trigger = run.trigger ?? { kind: 'manual' }
  const exprCtx = (s: Scope): ExprContext => ({ parameters: s.parameters, params: s.parameters, env: s.env, outputs: s.outputs, steps: s.steps, stages: s.stages, item: s.item, index: s.index, trigger, spec: trigger.spec ?? null })
  // `mmm workflow cancel` from another process is seen within CANCEL_POLL_MS; this call's own cancellation at once.
  let cancelCheckedAt = 0
  const checkCancel = async () => {
    if (call.signal.aborted) throw new Stop('MMM_CANCELLED', `run ${run.id} was cancelled`)
    if (Date.now() - cancelCheckedAt < CANCEL_POLL_MS) return
    cancelCheckedAt = Date.now()
    if (await store.cancelRequested(run.id)) throw new Stop('MMM_CANCELLED', `run ${run.id} was cancelled`)
  }
  // Step writes are issued at once, in order. The kernel lands a plugin's state writes to a key in the order it
  // issued them and starts any other call it issues later only once they have landed, failing that call when one
  // of them failed (createCapabilityRouter). So neither the journal ("running") nor the checkpoint of a finished
  // step is waited for, and both are on disk before the next side effect starts; a write that failed stops the
  // run at the next step (checkWrites) or fails the side effect it would have preceded. The kernel commits the
  // writes that reach it together in one statement, so a step's checkpoint and the next one's journal cost one.
  let writeFailed: unknown
  const pending = new Set<Promise<void>>()
  const record = (key: string, patch: Partial<StepRecord>): Promise<void> => {
    const rec = { ...(run.steps[key] ?? { status: 'pending', attempts: 0 }), ...patch } as StepRecord
    run.steps[key] = rec
    const p = store.saveStep(run.id, key, rec)
    pending.add(p)
    p.catch((e: unknown) => {
      writeFailed ??= e
    }).finally(() => pending.delete(p))
    return p
  }
  /** A journal write that failed stops the run at the next step or stage (its side effect was refused). */
  const checkWrites = () => {
    if (writeFailed !== undefined) throw writeFailed
  }
  // Steps that wait for no write (a read-only tool's call goes ahead of them) can outrun the store, which on
  // a slow disk or a remote database would pile writes up without end: past MAX_PENDING_WRITES, wait for some.
  const keepUpWithWrites = async () => {
    while (pending.size >= MAX_PENDING_WRITES) await Promise.race(pending).catch(() => {})
  }

  /** One step (with its retries); 'failed' only when on_failure is continue, else it throws Stop. */
  const step = async (stage: Stage, st: Step, key: string, s: Scope): Promise<StepStatus> => {
    const prior = run.steps[key]
    if (prior && (prior.status === 'succeeded' || prior.status === 'skipped' || (prior.status === 'failed' && st.onFailure === 'continue'))) {
      // Finished before (this run was resumed): keep it, never run it again.
      s.outputs[st.name] = prior.outputs ?? {}
      s.steps[st.name] = { status: prior.status, outputs: prior.outputs ?? {}, tail: prior.tail ?? '', ...(prior.exitCode !== undefined ? { exitCode: prior.exitCode } : {}) }
      return prior.status
    }
    await keepUpWithWrites()
    checkWrites()
    await checkCancel()
    if (st.condition !== undefined && !condition(st.condition, exprCtx(s))) {
      void record(key, { status: 'skipped', outputs: {}, startedAt: new Date().toISOString() })
      s.steps[st.name] = { status: 'skipped', outputs: {} }
      s.outputs[st.name] = {}
      return 'skipped'
    }
    const attempts = 1 + (st.retry?.count ?? 0)
    let last: { code: string; message: string } = { code: 'MMM_WORKFLOW_STEP_FAILED', message: '' }
    for (let a = 1; a <= attempts; a++) {
      if (a > 1) {
        await sleep((st.retry?.backoff ?? 1) * 1000 * 2 ** (a - 2), call)
        await checkCancel()
      }
      // Journal first: the record says the step is running before any side effect happens.
      void record(key, { status: 'running', kind: st.run !== undefined ? 'run' : st.claude ? 'claude' : st.tool ? 'tool' : 'checkpoint', attempts: (run.steps[key]?.attempts ?? 0) + 1, startedAt: new Date().toISOString() })
      call.progress(done, total, `${stage.name} / ${st.name}${attempts > 1 ? ` (attempt ${a} of ${attempts})` : ''}`)
      const r = await runStepOnce(d.ctx, call, st, exprCtx(s), { runId: run.id, workflow: wf.name, key })
      if (r.ok) {
        let outputs: Record<string, unknown>
        try {
          outputs = await captureOutputs(d.ctx, st.outputs, r.stdout, r.value, st.workingDir ?? '.')
        } catch (e) {
          last = { code: (e as { code?: string }).code ?? 'MMM_WORKFLOW_OUTPUT', message: (e as Error).message }
          await record(key, { status: 'failed', endedAt: new Date().toISOString(), tail: r.tail, error: last, ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}) })
          continue
        }
        void record(key, { status: 'succeeded', endedAt: new Date().toISOString(), outputs, tail: r.tail, ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}) })
        s.outputs[st.name] = outputs
        s.steps[st.name] = { status: 'succeeded', outputs, tail: r.tail, ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}) }
        return 'succeeded'
      }
      if (r.error.code === 'MMM_WORKFLOW_WAITING') {
        await record(key, { status: 'waiting', error: r.error })
        s.steps[st.name] = { status: 'waiting', outputs: {} }
        throw new Stop('MMM_WORKFLOW_WAITING', r.error.message)
      }
      last = r.error
      await record(key, { status: 'failed', endedAt: new Date().toISOString(), tail: r.tail, error: r.error, ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}) })
      if (r.error.code === 'MMM_CANCELLED') throw new Stop('MMM_CANCELLED', `run ${run.id} was cancelled`)
    }
    s.outputs[st.name] = {}
    // A failed step's last output lines stay visible (steps.<name>.tail): a later step can act on them.
    s.steps[st.name] = { status: 'failed', outputs: {}, tail: run.steps[key]?.tail ?? '', ...(run.steps[key]?.exitCode !== undefined ? { exitCode: run.steps[key]!.exitCode! } : {}) }
    if (st.onFailure === 'continue') return 'failed'
    throw new Stop(last.code, `step "${st.name}" of stage "${stage.name}" failed${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${last.message}`)
  }

  /** The stage's steps for one scope (one item of a for_each, or the stage itself). */
  const steps = async (stage: Stage, s: Scope, prefix: string): Promise<StepStatus> => {
    const keyOf = (st: Step) => `${prefix}/${st.name}`
    if (!stage.parallel || stage.forEach) {
      let failed = false
      for (const st of stage.steps) {
        if ((await step(stage, st, keyOf(st), s)) === 'failed') failed = true
        done++
      }
      return failed ? 'failed' : 'succeeded'
    }
    const results = await pool(stage.steps, stage.maxParallel, async (st) => {
      try {
        return await step(stage, st, keyOf(st), s)
      } finally {
        done++
      }
    })
    const stop = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (stop) throw stop.reason
    return results.some((r) => r.status === 'fulfilled' && r.value === 'failed') ? 'failed' : 'succeeded'
  }

  try {
    for (const stage of wf.stages) {
      await checkCancel()
      if (stage.condition !== undefined && !condition(stage.condition, exprCtx(scope))) {
        scope.stages[stage.name] = { status: 'skipped' }
        run.stages[stage.name] = { status: 'skipped' }
        done += stage.steps.length
        await store.save(run)
        continue
      }
      run.stages[stage.name] = { status: 'running' }
      if (!stage.forEach) {
        const status = await steps(stage, scope, stage.name)
        scope.stages[stage.name] = { status }
        run.stages[stage.name] = { status }
      } else {
        const items = 'list' in stage.forEach ? stage.forEach.list : evaluateBare(stage.forEach.expr, exprCtx(scope))
        if (!Array.isArray(items)) throw new Stop('MMM_WORKFLOW_EXPRESSION', `for_each of stage "${stage.name}" must give a list; it gave ${JSON.stringify(items)?.slice(0, 80)}`)
        const collected: NonNullable<Scope['stages'][string]['items']> = items.map((item) => ({ item, status: 'pending' as StepStatus, outputs: {} }))
        // Visible while the stage runs: an item sees those before it (stages.<name>.items[index - 1]).
        scope.stages[stage.name] = { status: 'running', items: collected }
        const one = async (item: unknown, index: number) => {
          const s: Scope = { ...scope, outputs: { ...scope.outputs }, steps: { ...scope.steps }, item, index }
          const status = await steps(stage, s, `${stage.name}[${index}]`)
          collected[index] = { item, status, outputs: Object.fromEntries(stage.steps.map((st) => [st.name, s.outputs[st.name] ?? {}])) }
          return status
        }
        const results = await pool(items.map((item, index) => ({ item, index })), stage.parallel ? stage.maxParallel : 1, ({ item, index }) => one(item, index))
        const stop = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
        scope.stages[stage.name] = { status: stop ? 'failed' : results.some((r) => r.status === 'fulfilled' && r.value === 'failed') ? 'failed' : 'succeeded', items: collected }
        run.stages[stage.name] = { status: scope.stages[stage.name]!.status, items: items.length }
        if (stop) throw stop.reason
      }
      await store.save(run)
      // Landed after every step write before it (the kernel keeps their order): a failed one is known by now.
      checkWrites()
    }
    run.status = 'succeeded'
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'MMM_WORKFLOW_ERROR'
    run.status = code === 'MMM_CANCELLED' ? 'cancelled' : code === 'MMM_WORKFLOW_WAITING' ? 'waiting' : 'failed'
    run.error = { code, message: e instanceof Error ? e.message : String(e) }
    for (const [name, st] of Object.entries(run.stages)) if (st.status === 'running') run.stages[name] = { ...st, status: run.status === 'waiting' ? 'waiting' : 'failed' }
  }
  if (run.status !== 'waiting') run.endedAt = new Date().toISOString()
  call.progress(total, total, run.status)
  await store.save(run)
  return run
}

/** Runs fn over items, at most `limit` at once, settling all. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<Array<PromiseSettledResult<R>>> {
  const out: Array<PromiseSettledResult<R>> = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i] as T) }
      } catch (reason) {
        out[i] = { status: 'rejected', reason }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return out
}

function sleep(ms: number, call: CallContext): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms)
    call.signal.addEventListener('abort', () => {
      clearTimeout(t)
      resolve()
    })
  })
}
