// One iteration: improve (the agent fixes the top issues of the last review) → validate (the project's
// commands again) → review the change → score → decide: commit it on the session's branch, or roll it back.
// The session is saved after every phase; an accepted change is journaled (`pending`) before its commit so
// that a crash between the two is finished on resume rather than lost.
import type { CallContext, PluginContext } from '@mmm/kernel/plugin'
import { noUsage } from './addUsage.ts'
import { agentToolbox } from './agentTools.ts'
import { runImproveAgent } from './improveAgent.ts'
import { describeSignals, measure } from './measure.ts'
import { reviewCode } from './reviewCode.ts'
import { findRegression, scoreOf } from './scoreOf.ts'
import type { SessionStore } from './sessionStore.ts'
import type { Issue, Iteration, Session } from './types.ts'
import { changedFiles, commitFiles, diffSince, rollback } from './worktree.ts'

export interface IterationHooks {
  phase(message: string): void
  /** Throws to stop the iteration (budget spent, stop requested). */
  checkpoint(): Promise<void>
}

export async function runIteration(ctx: PluginContext, call: CallContext, store: SessionStore, s: Session, hooks: IterationHooks): Promise<Iteration> {
  const cur = s.current!
  const n = s.iterations.length + 1
  const issues = cur.review.issues.slice(0, s.settings.issuesPerIteration)
  const it: Iteration = { n, status: 'running', startedAt: new Date().toISOString(), issues, summary: '', filesChanged: [], usage: noUsage() }
  s.iterations.push(it)
  s.phase = 'improve'
  await store.save(s)

  hooks.phase(`iteration ${n}: Claude is fixing ${issues.length} issue${issues.length === 1 ? '' : 's'}`)
  const toolbox = agentToolbox(ctx, s.worktree, s.settings.scope, s.commands, s.settings.commandTimeoutSeconds, s.linked)
  const agent = await runImproveAgent(call, {
    dir: s.worktree, session: s.id, settings: s.settings, toolbox, usage: it.usage,
    prompt: improvePrompt(s, issues),
    onTurn: async (turn) => {
      await hooks.checkpoint() // budget, stop requests and Ctrl-C between the agent's turns
      hooks.phase(`iteration ${n}: Claude is editing (turn ${turn}, ${toolbox.written.size} file${toolbox.written.size === 1 ? '' : 's'} changed)`)
    },
  })
  it.summary = agent.summary
  await hooks.checkpoint()
  it.filesChanged = await changedFiles(ctx, s.worktree, [...s.linked, ...s.noise])
  if (it.filesChanged.length === 0) return finish(it, s, store, 'rolled-back', 'no change: Claude changed no file')

  s.phase = 'validate'
  await store.save(s)
  hooks.phase(`iteration ${n}: validating ${it.filesChanged.length} changed file${it.filesChanged.length === 1 ? '' : 's'}`)
  it.signals = await measure(ctx, call, s.worktree, s.commands, s.settings.commandTimeoutSeconds, (kind) => hooks.phase(`iteration ${n}: running ${kind}`))
  const regression = findRegression(cur.signals, it.signals)
  if (regression) {
    await rollback(ctx, s.worktree, cur.sha, s.linked)
    return finish(it, s, store, 'rolled-back', `regression: ${regression}`)
  }
  await hooks.checkpoint()

  s.phase = 'review'
  await store.save(s)
  hooks.phase(`iteration ${n}: Claude is reviewing the change`)
  const change = await diffSince(ctx, s.worktree, cur.sha, it.filesChanged)
  it.diffStat = change.stat
  it.review = await reviewCode(call, { dir: s.worktree, roots: [`${ctx.root}/${s.worktree}`, ctx.root], session: s.id, settings: s.settings, signals: it.signals, diff: change.diff }, it.usage)
  it.score = scoreOf(it.signals, it.review, s.settings.weights, { signals: cur.signals, score: cur.score })
  await hooks.checkpoint()

  s.phase = 'decide'
  if (it.score.score < cur.score.score) {
    await rollback(ctx, s.worktree, cur.sha, s.linked)
    return finish(it, s, store, 'rolled-back', `score went down (${cur.score.score} → ${it.score.score})`)
  }
  s.pending = { iteration: n, message: commitMessage(s, it, cur.score.score) }
  await store.save(s)
  it.commit = await commitFiles(ctx, s.worktree, it.filesChanged, s.pending.message)
  s.current = { sha: it.commit, signals: it.signals, review: it.review, score: it.score }
  delete s.pending
  return finish(it, s, store, 'accepted')
}

async function finish(it: Iteration, s: Session, store: SessionStore, status: Iteration['status'], reason?: string): Promise<Iteration> {
  it.status = status
  if (reason) it.reason = reason
  it.endedAt = new Date().toISOString()
  await store.save(s)
  return it
}

const where = (i: Issue) => (i.file ? ` (${i.file}${i.line ? `:${i.line}` : ''})` : '')

function improvePrompt(s: Session, issues: Issue[]): string {
  const cur = s.current!
  const failing = cur.signals.commands.filter((c) => c.code !== 0)
  const last = s.iterations.filter((i) => i.status === 'rolled-back').at(-1)
  return [
    `Improve this project. Its score is ${cur.score.score}/10; measured: ${describeSignals(cur.signals)}.`,
    `Fix these issues from the review:\n${issues.map((i, k) => `${k + 1}. [${i.severity}] ${i.title}${where(i)}${i.description ? `\n   ${i.description}` : ''}${i.suggestion ? `\n   Suggested: ${i.suggestion}` : ''}`).join('\n')}`,
    failing.length ? `These checks fail now:\n${failing.map((c) => `$ ${c.command} (exit ${c.code ?? 'timeout'})\n${c.tail.slice(-1200)}`).join('\n\n')}` : '',
    Object.keys(s.commands).length ? `The project's checks (run_check): ${Object.entries(s.commands).map(([k, c]) => `${k}: \`${c}\``).join(', ')}.` : '',
    s.settings.scope.length ? `Change only files in: ${s.settings.scope.join(', ')}.` : '',
    last?.reason && last.n === s.iterations.length - 1 ? `Your previous attempt was rolled back: ${last.reason}. Take another approach.` : '',
  ].filter(Boolean).join('\n\n')
}

function commitMessage(s: Session, it: Iteration, before: number): string {
  const head = it.issues[0] ? `${it.issues[0].title}${it.issues.length > 1 ? ` (+${it.issues.length - 1} more)` : ''}` : 'improvements'
  return [
    `mmm improve: ${head}`.slice(0, 100),
    '',
    `Iteration ${it.n} of ${s.id}: score ${before} → ${it.score!.score}.`,
    `Measured: ${describeSignals(it.signals)}.`,
    '',
    'Issues addressed:',
    ...it.issues.map((i) => `- [${i.severity}] ${i.title}${where(i)}`),
    '',
    'What changed and why (Claude):',
    it.summary.slice(0, 2000) || '(no summary)',
  ].join('\n')
}
