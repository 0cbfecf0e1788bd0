// The loop as steps, for the workflow form (presets/workflows/workflows/code-quality-improvement.yaml):
// prepare (analysis, worktree, baseline and review), iterate (one iteration, or nothing once a stop rule has
// fired), finish (the stop reason, auto-commit, the summary). Each step leaves the session saved and resumable.
import type { PluginContext } from '@mmm/kernel/plugin'
import { createSession } from './createSession.ts'
import { decideStop } from './decideStop.ts'
import { renderSummary } from './renderSummary.ts'
import { resolveSettings } from './resolveSettings.ts'
import { endSession, runSession } from './runSession.ts'
import type { SessionStore } from './sessionStore.ts'
import { SETTINGS_PROPERTIES } from './toolSchemas.ts'
import type { Session } from './types.ts'

const ID = { type: 'string', description: 'The session id that loop.prepare returned' }
const LONG = 7 * 24 * 3600 * 1000
const step = (s: Session) => ({ id: s.id, done: s.status !== 'stopped' || s.stop?.code !== 'paused', status: s.status, stop: s.stop ?? null, iterations: s.iterations.length, score: s.current?.score.score ?? null, baseline: s.baseline?.score.score ?? null, target: s.settings.target, branch: s.branch })

export function registerStepTools(ctx: PluginContext, store: SessionStore): void {
  ctx.tool('prepare', {
    description: 'Workflow step: start an improve session — analysis, worktree, baseline checks and review — and pause before the first iteration',
    input: { type: 'object', properties: { ...SETTINGS_PROPERTIES, initGit: { type: 'boolean' } }, additionalProperties: false },
    timeoutMs: LONG,
  }, async (input: Record<string, unknown>, call) => {
    const { initGit, ...rest } = input
    const s = await createSession(ctx, call, resolveSettings(ctx.options, rest), { initGit: initGit === true })
    await store.save(s)
    return step(await runSession(ctx, call, store, s, { resume: false, iterations: 0 }))
  })

  ctx.tool('iterate', {
    description: 'Workflow step: run one iteration of a prepared session (review → improve → validate → decide); does nothing once a stop rule has fired',
    input: { type: 'object', properties: { id: ID }, required: ['id'], additionalProperties: false },
    timeoutMs: LONG,
  }, async ({ id }: { id: string }, call) => {
    const s = await store.need(id)
    // Paused between steps, or stopped by a failure or an interrupt (mmm workflow resume runs this step again).
    if (s.status !== 'stopped' || !['paused', 'error', 'interrupted'].includes(s.stop?.code ?? '')) return step(s)
    return step(await runSession(ctx, call, store, s, { resume: true, iterations: 1 }))
  })

  ctx.tool('finish', {
    description: 'Workflow step: end a session (the stop reason, auto-commit when every check passes) and return its summary',
    input: { type: 'object', properties: { id: ID, format: { type: 'string', enum: ['json', 'text'], default: 'text' } }, required: ['id'], additionalProperties: false },
  }, async ({ id, format }: { id: string; format: string }) => {
    let s = await store.need(id)
    if (s.status === 'stopped' && s.stop?.code === 'paused') {
      const stop = decideStop(s, { runStartedAt: s.runStartedAt ?? Date.now(), now: Date.now(), stopRequested: false }) ?? { code: 'max-iterations' as const, message: `the workflow ran ${s.iterations.length} iteration${s.iterations.length === 1 ? '' : 's'}` }
      s = await endSession(ctx, store, s, stop)
    }
    return format === 'text' ? renderSummary(s) : s
  })
}
