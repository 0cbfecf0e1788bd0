// The loop: baseline (the project's commands and a review, in the worktree) → iterations until a stop rule
// fires → finish (auto-commit applies the branch when validation is green). Any failure or interrupt rolls the
// unfinished iteration back and leaves the session stopped and resumable; the session is saved after every phase.
import type { CallContext, PluginContext } from '@mmm/kernel/plugin'
import { totalUsage } from './addUsage.ts'
import { applySession } from './applySession.ts'
import { coded } from './coded.ts'
import { decideStop, overBudget } from './decideStop.ts'
import { describeSignals, measure } from './measure.ts'
import { recoverSession } from './recoverSession.ts'
import { reviewCode } from './reviewCode.ts'
import { runIteration } from './runIteration.ts'
import { scoreOf } from './scoreOf.ts'
import { LEASE_MS, type SessionStore } from './sessionStore.ts'
import type { Session, StopCode } from './types.ts'
import { changedFiles, removeWorktree } from './worktree.ts'

const PHASE_SHARE: Partial<Record<Session['phase'], number>> = { improve: 0.1, validate: 0.5, review: 0.8, decide: 0.95 }

export interface RunOptions {
  resume: boolean
  /** Run at most this many iterations in this call, then pause (the workflow form runs one per step). */
  iterations?: number
}

export async function runSession(ctx: PluginContext, call: CallContext, store: SessionStore, s: Session, o: RunOptions): Promise<Session> {
  const release = await store.lease(s.id, o.resume ? LEASE_MS + 1_000 : 0)
  const report = (message: string) => {
    // Progress moves within an iteration too: its phases are steps of the way to the next one.
    const done = s.iterations.filter((i) => i.status !== 'running').length + (s.iterations.at(-1)?.status === 'running' ? PHASE_SHARE[s.phase] ?? 0 : 0)
    const u = totalUsage(s)
    const tokens = u.inputTokens + u.outputTokens
    call.progress(Math.round(done * 100) / 100, s.settings.maxIterations, `${message} · ${tokens >= 1000 ? `${(tokens / 1000).toFixed(1)}k` : tokens} tokens · $${u.costUsd.toFixed(4)}${s.current ? ` · score ${s.current.score.score}` : ''}`)
  }
  try {
    if (o.resume) {
      Object.assign(s, await store.need(s.id), { settings: s.settings }) // read again under the lease, keeping the new settings
      await recoverSession(ctx, s)
      await store.clearStop(s.id)
    }
    // The time limit counts from the start of this run — or of the session in the workflow form, whose
    // steps each run one iteration.
    if (o.iterations === undefined || s.runStartedAt === undefined) s.runStartedAt = Date.now()
    const runStartedAt = s.runStartedAt
    s.status = 'running'
    delete s.stop
    await store.save(s)
    if (!s.baseline) await baseline(ctx, call, s, store, report)
    if (s.settings.dryRun) return await endSession(ctx, store, s, { code: 'dry-run', message: 'dry run: the review and the plan of changes; nothing was edited' })
    const checkpoint = async () => {
      call.signal.throwIfAborted()
      if (await store.stopRequested(s.id)) throw coded('MMM_LOOP_STOP_REQUESTED', 'stopped on request (mmm loop stop)')
      s.usage = totalUsage(s)
      const over = overBudget(s)
      if (over) throw coded('MMM_LOOP_BUDGET', over)
    }
    for (let ran = 0; ; ran++) {
      const stop = decideStop(s, { runStartedAt, now: Date.now(), stopRequested: await store.stopRequested(s.id) })
      if (stop) return await endSession(ctx, store, s, stop)
      if (o.iterations !== undefined && ran >= o.iterations) return await pause(store, s)
      const it = await runIteration(ctx, call, store, s, { phase: report, checkpoint })
      report(`iteration ${it.n}: ${it.status}${it.reason ? ` (${it.reason})` : ''}${it.score ? ` · score ${it.score.score}` : ''}`)
    }
  } catch (e) {
    return await interrupted(ctx, store, s, e)
  } finally {
    await release()
  }
}

async function baseline(ctx: PluginContext, call: CallContext, s: Session, store: SessionStore, report: (m: string) => void): Promise<void> {
  s.phase = 'baseline'
  await store.save(s)
  report('baseline: running the project\'s checks')
  const signals = await measure(ctx, call, s.worktree, s.commands, s.settings.commandTimeoutSeconds, (kind) => report(`baseline: running ${kind}`))
  // What the checks leave behind untracked (build output, caches) is never part of a change.
  s.noise = await changedFiles(ctx, s.worktree, s.linked)
  report(`baseline: ${describeSignals(signals)}; Claude is reviewing`)
  s.phase = 'review'
  const review = await reviewCode(call, { dir: s.worktree, roots: [`${ctx.root}/${s.worktree}`, ctx.root], session: s.id, settings: s.settings, signals }, s.baselineUsage)
  const score = scoreOf(signals, review, s.settings.weights)
  s.baseline = { signals, review, score }
  s.current = { sha: s.base.sha, signals, review, score }
  await store.save(s)
}

export async function endSession(ctx: PluginContext, store: SessionStore, s: Session, stop: { code: StopCode; message: string }): Promise<Session> {
  s.stop = stop
  s.status = 'finished'
  s.phase = 'done'
  await store.save(s)
  const accepted = s.current && s.current.sha !== s.base.sha
  if (s.settings.dryRun || !accepted) {
    // Nothing to take: no worktree or branch is left behind.
    await removeWorktree(ctx, s)
    await store.save(s)
  } else if (s.settings.autoCommit && green(s)) {
    await applySession(ctx, store, s, 'merge')
  }
  return s
}

/** Between the steps of a workflow: resumable, nothing half-done. */
async function pause(store: SessionStore, s: Session): Promise<Session> {
  s.status = 'stopped'
  s.stop = { code: 'paused', message: 'paused between steps; the next loop.iterate (or mmm loop resume) continues' }
  await store.save(s)
  return s
}

/** Every check of the last accepted state passes. */
function green(s: Session): boolean {
  return !!s.current && s.current.signals.commands.every((c) => c.code === 0)
}

async function interrupted(ctx: PluginContext, store: SessionStore, s: Session, e: unknown): Promise<Session> {
  const err = e as { code?: string; message?: string; name?: string }
  const code: StopCode = err.code === 'MMM_LOOP_BUDGET' || err.code === 'MMM_CLAUDE_BUDGET_EXCEEDED' ? 'budget'
    : err.code === 'MMM_LOOP_STOP_REQUESTED' ? 'stopped'
    : err.code === 'MMM_CANCELLED' || err.name === 'AbortError' || /abort|cancel/i.test(String(err.message)) ? 'interrupted'
    : 'error'
  const it = s.iterations.at(-1)
  if (it?.status === 'running') {
    it.status = code === 'error' ? 'failed' : 'interrupted'
    it.reason = err.message ?? String(e)
    it.endedAt = new Date().toISOString()
  }
  // Put the worktree back to the last accepted commit: no half-applied edit stays. Best effort: resume does it too.
  await recoverSession(ctx, s).catch(() => {})
  // Failed before any iteration (Claude not configured, the baseline review refused): nothing to resume.
  if (code === 'error' && s.iterations.length === 0) {
    await removeWorktree(ctx, s).catch(() => {})
    s.status = 'failed'
    s.phase = 'done'
    s.stop = { code, message: `${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}` }
    await store.save(s)
    throw e
  }
  const stop = { code, message: code === 'error' ? `${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}` : err.message ?? code }
  if (code === 'budget') return endSession(ctx, store, s, stop)
  s.stop = stop
  s.status = 'stopped'
  s.phase = 'done'
  await store.save(s)
  const kept = s.iterations.some((i) => i.status === 'accepted') ? ` Accepted work is kept on ${s.branch};` : ''
  if (code === 'error') throw coded(err.code?.startsWith('MMM_') ? err.code : 'MMM_LOOP_FAILED', `improve session ${s.id} stopped: ${err.message ?? String(e)}.${kept} continue with mmm loop resume ${s.id}`)
  if (code === 'interrupted') throw e
  return s
}
