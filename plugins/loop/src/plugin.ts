// @mmm/plugin-loop: `mmm improve` and the improvement loop (docs/improve.md). Analyze → baseline → review →
// improve → validate → score → decide, in a git worktree on a branch of its own, until a stop rule fires.
import { definePlugin, type CallContext, type PluginContext } from '@mmm/kernel/plugin'
import { applySession, discardSession } from './applySession.ts'
import { coded } from './coded.ts'
import { createSession } from './createSession.ts'
import { recoverSession } from './recoverSession.ts'
import { renderSummary } from './renderSummary.ts'
import { resolveSettings } from './resolveSettings.ts'
import { runSession } from './runSession.ts'
import { sessionStore, type SessionStore } from './sessionStore.ts'
import { registerStepTools } from './stepTools.ts'
import { SETTINGS_PROPERTIES, sessionRow } from './toolSchemas.ts'
import type { Session } from './types.ts'

const ID = { type: 'string', description: 'The session id (mmm loop sessions lists them)' }
const FORMAT = { type: 'string', enum: ['json', 'text'], default: 'json', description: 'text: the summary for a person' }
const LONG = 7 * 24 * 3600 * 1000
/** At a terminal (no --json) these tools print the summary for a person. */
const HUMAN = { format: 'text' }

export default definePlugin({
  name: 'loop',
  version: '0.1.0',
  setup(ctx) {
    const store = sessionStore(ctx)
    const out = (s: Session, format: string) => (format === 'text' ? renderSummary(s) : s)

    ctx.tool('improve', {
      description: 'Improve the code until a target score: analyze, measure the project\'s own checks, have Claude review and fix it in a git worktree on a new branch, validate, score, keep or roll back, repeat. The user\'s files are never touched; --apply <id> takes the result, --discard <id> drops it',
      input: {
        type: 'object',
        properties: {
          ...SETTINGS_PROPERTIES,
          initGit: { type: 'boolean', description: 'Not a git repository: run git init and commit everything first' },
          apply: { type: 'string', description: 'Merge the branch of this session into your current branch' },
          cherryPick: { type: 'boolean', description: 'With --apply: cherry-pick the session\'s commits instead of merging' },
          discard: { type: 'string', description: 'Remove the worktree and branch of this session' },
          format: FORMAT,
        },
        additionalProperties: false,
      },
      timeoutMs: LONG,
    }, async (input: Record<string, unknown> & { format: string; apply?: string; discard?: string; cherryPick?: boolean; initGit?: boolean }, call) => {
      if (input.apply && input.discard) throw coded('MMM_USAGE', 'give --apply or --discard, not both')
      if (input.apply) return out(await applySession(ctx, store, await settled(ctx, store, input.apply), input.cherryPick ? 'cherry-pick' : 'merge'), input.format)
      if (input.discard) return out(await discardSession(ctx, store, await settled(ctx, store, input.discard)), input.format)
      return out(await improve(ctx, call, store, input), input.format)
    })

    ctx.tool('start', {
      description: 'Start an improve session with explicit settings, or run it as a workflow of the workflow plugin (--workflow code-quality-improvement, or your copy of it)',
      input: { type: 'object', properties: { ...SETTINGS_PROPERTIES, workflow: { type: 'string', description: 'Run this workflow instead of the built-in loop' }, format: FORMAT }, additionalProperties: false, 'x-mmm-human': HUMAN },
      timeoutMs: LONG,
    }, async (input: Record<string, unknown> & { format: string; workflow?: string }, call) => {
      if (!input.workflow) return out(await improve(ctx, call, store, input), input.format)
      const { workflow, format: _f, ...params } = input
      return call.tools.call('workflow.run', { name: workflow, params })
    })

    ctx.tool('sessions', {
      description: 'Improve sessions, newest first: status, score before → after, iterations, branch',
      input: { type: 'object', properties: { status: { type: 'string', enum: ['running', 'stopped', 'finished', 'failed', 'applied', 'discarded'] }, format: FORMAT }, additionalProperties: false, 'x-mmm-human': HUMAN },
      annotations: { readOnlyHint: true },
    }, async (input: { status?: string; format: string }) => {
      const all = await Promise.all((await store.list()).map((s) => live(store, s)))
      const rows = all.filter((s) => !input.status || s.status === input.status).map(sessionRow)
      if (input.format !== 'text') return rows
      if (!rows.length) return 'No improve sessions yet: mmm improve starts one.'
      return rows.map((r) => `${r.id}  ${r.status.padEnd(9)}  score ${r.score.padEnd(11)}  ${r.iterations.padEnd(14)}  ${r.stop}`).join('\n')
    })

    ctx.tool('show', {
      description: 'One session: settings, baseline, every iteration with its issues, signals, score, diff and tokens',
      input: { type: 'object', properties: { id: ID, diffs: { type: 'boolean', default: true, description: 'Include each accepted iteration\'s diff' }, format: FORMAT }, required: ['id'], additionalProperties: false, 'x-mmm-positional': ['id'], 'x-mmm-human': HUMAN },
      annotations: { readOnlyHint: true },
    }, async (input: { id: string; diffs: boolean; format: string }) => {
      const s = await live(store, await store.need(input.id))
      if (input.format === 'text') return renderSummary(s)
      if (!input.diffs) return s
      const diffs: Record<number, string> = {}
      for (const it of s.iterations) {
        if (!it.commit) continue
        const r = await ctx.exec.run('git', ['show', '--no-color', '--format=%H %s', it.commit], { timeoutMs: 30_000 })
        diffs[it.n] = r.code === 0 ? r.stdout.slice(0, 50_000) : `(commit ${it.commit} is gone: ${r.stderr.trim()})`
      }
      return { ...s, diffs }
    })

    ctx.tool('stop', {
      description: 'Ask a running session to stop after rolling back its unfinished iteration (it stays resumable); a session whose process died is marked stopped',
      input: { type: 'object', properties: { id: ID }, required: ['id'], additionalProperties: false, 'x-mmm-positional': ['id'] },
    }, async ({ id }: { id: string }) => {
      const s = await live(store, await store.need(id))
      if (s.status !== 'running') return { id, status: s.status, message: `session ${id} is not running (${s.status})` }
      await store.requestStop(id)
      return { id, status: 'stopping', message: `session ${id} stops after its current phase; resume it with mmm loop resume ${id}` }
    })

    ctx.tool('resume', {
      description: 'Continue a stopped, interrupted or crashed session: a half-done iteration is rolled back, accepted commits are kept; settings given here replace the session\'s',
      input: { type: 'object', properties: { id: ID, ...SETTINGS_PROPERTIES, format: FORMAT }, required: ['id'], additionalProperties: false, 'x-mmm-positional': ['id'], 'x-mmm-human': HUMAN },
      timeoutMs: LONG,
    }, async (input: Record<string, unknown> & { id: string; format: string }, call) => {
      const s = await live(store, await store.need(input.id))
      if (s.status === 'applied' || s.status === 'discarded') throw coded('MMM_LOOP_SESSION_CLOSED', `session ${s.id} was ${s.status}; start a new one with mmm improve`)
      if (s.status === 'running') throw coded('MMM_LOOP_BUSY', `session ${s.id} is running in another mmm process; stop it first (mmm loop stop ${s.id})`)
      if (s.status === 'finished' && !(await ctx.fs.stat(s.worktree))) throw coded('MMM_LOOP_SESSION_CLOSED', `session ${s.id} ended with no change kept (${s.stop?.message ?? 'finished'}); its worktree is gone: start a new one with mmm improve`)
      const { id: _i, format: _f, ...overrides } = input
      s.settings = resolveSettings({ ...s.settings, budget: undefined }, { budget: budgetText(s), ...overrides })
      return out(await runSession(ctx, call, store, s, { resume: true }), input.format)
    })

    ctx.tool('config', {
      description: 'The settings an improve session would use (defaults, then the loop\'s options in mmm.config.ts, then what you pass), and the project commands it would run',
      input: { type: 'object', properties: { ...SETTINGS_PROPERTIES }, additionalProperties: false },
      annotations: { readOnlyHint: true },
    }, async (input: Record<string, unknown>, call) => {
      const settings = resolveSettings(ctx.options, input)
      const report = await call.tools.call<{ project?: { commands?: Record<string, { command: string; source: string }> } }>('analyzer.analyze', {}).catch(() => undefined)
      const detected = report?.project?.commands ?? {}
      const commands = Object.fromEntries(Object.entries({ ...Object.fromEntries(Object.entries(detected).map(([k, v]) => [k, v.command])), ...settings.commands }).filter(([, v]) => v))
      return { settings, commands, detected }
    })

    ctx.tool('apply', {
      description: 'Merge (or cherry-pick) a session\'s branch into your current branch; refused when your tree has changes',
      input: { type: 'object', properties: { id: ID, cherryPick: { type: 'boolean', default: false } }, required: ['id'], additionalProperties: false, 'x-mmm-positional': ['id'] },
      annotations: { destructiveHint: true },
    }, async (input: { id: string; cherryPick: boolean }) => sessionRow(await applySession(ctx, store, await settled(ctx, store, input.id), input.cherryPick ? 'cherry-pick' : 'merge')))

    ctx.tool('discard', {
      description: 'Remove a session\'s worktree and branch',
      input: { type: 'object', properties: { id: ID }, required: ['id'], additionalProperties: false, 'x-mmm-positional': ['id'] },
      annotations: { destructiveHint: true },
    }, async (input: { id: string }) => sessionRow(await discardSession(ctx, store, await settled(ctx, store, input.id))))

    registerStepTools(ctx, store)
  },
})

async function improve(ctx: PluginContext, call: CallContext, store: SessionStore, input: Record<string, unknown>): Promise<Session> {
  const { initGit, format: _f, apply: _a, discard: _d, cherryPick: _c, workflow: _w, ...rest } = input
  const settings = resolveSettings(ctx.options, rest)
  const s = await createSession(ctx, call, settings, { initGit: initGit === true })
  await store.save(s)
  return runSession(ctx, call, store, s, { resume: false })
}

/** A session marked running whose process is gone (no live lease) is shown as stopped. */
async function live(store: SessionStore, s: Session): Promise<Session> {
  if (s.status !== 'running' || (await store.leaseHeld(s.id))) return s
  return { ...s, status: 'stopped', stop: { code: 'error', message: `the mmm process working on it stopped in the ${s.phase} phase (killed or crashed); mmm loop resume ${s.id} continues it` } }
}

/** For apply and discard: a crashed session is recovered first (a journaled commit finished). */
async function settled(ctx: PluginContext, store: SessionStore, id: string): Promise<Session> {
  const s = await live(store, await store.need(id))
  if (s.status === 'stopped' && (await ctx.fs.stat(s.worktree))) {
    await recoverSession(ctx, s)
    await store.save(s)
  }
  return s
}

function budgetText(s: Session): string | undefined {
  const b = s.settings.budget
  return !b ? undefined : 'tokens' in b ? String(b.tokens) : `$${b.usd}`
}
