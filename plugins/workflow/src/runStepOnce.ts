// One attempt of one step: a shell script (sh -c, expression values in the environment) or a tool call.
import type { CallContext, PluginContext } from '@mmm/kernel/plugin'
import { interpolate, shellScript, type ExprContext } from './expressions.ts'
import type { Decision, Step } from './types.ts'

export type StepAttempt =
  | { ok: true; stdout: string; value?: unknown; exitCode?: number; tail: string }
  | { ok: false; error: { code: string; message: string }; exitCode?: number; tail: string }

const TAIL = 2000

export async function runStepOnce(ctx: PluginContext, call: CallContext, st: Step, ec: ExprContext, ids: { runId: string; workflow: string; key: string }): Promise<StepAttempt> {
  try {
    const env: Record<string, string> = {}
    // A granted variable's value is data, never an expression (a secret holding "${{" stays as it is).
    for (const [k, v] of Object.entries({ ...(ec.env as Record<string, string>), ...st.env })) env[k] = ctx.env[k] === v && st.env?.[k] === undefined ? v : String(interpolate(v, ec))
    Object.assign(env, { MMM_RUN_ID: ids.runId, MMM_WORKFLOW: ids.workflow, MMM_STEP: ids.key })
    if (st.checkpoint) return await checkpoint(ctx, st, ec, ids)
    if (st.claude) return await askClaude(call, st, ec)
    if (st.run !== undefined) {
      const { script, env: values } = shellScript(st.run, ec)
      const r = await ctx.exec.run('sh', ['-c', script], { env: { ...env, ...values }, ...(st.workingDir ? { cwd: st.workingDir } : {}), ...(st.timeoutMs ? { timeoutMs: st.timeoutMs } : {}) })
      const tail = `${r.stdout}${r.stderr ? `${r.stdout ? '\n' : ''}${r.stderr}` : ''}`.slice(-TAIL)
      const exitCode = r.code ?? undefined
      if (r.timedOut) return { ok: false, error: { code: 'MMM_WORKFLOW_TIMEOUT', message: `timed out after ${(st.timeoutMs ?? 0) / 1000} s` }, tail }
      if (r.code !== 0) return { ok: false, error: { code: 'MMM_WORKFLOW_STEP_FAILED', message: `exited with ${r.code === null ? `signal ${r.signal}` : `code ${r.code}`}${lastLine(r.stderr || r.stdout)}` }, ...(exitCode !== undefined ? { exitCode } : {}), tail }
      return { ok: true, stdout: r.stdout, ...(exitCode !== undefined ? { exitCode } : {}), tail }
    }
    const input = interpolate(st.with ?? {}, ec)
    const value = await withTimeout(call.tools.call(st.tool as string, input), st.timeoutMs)
    const stdout = typeof value === 'string' ? value : JSON.stringify(value ?? null)
    return { ok: true, stdout, value, tail: stdout.slice(-TAIL) }
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'MMM_WORKFLOW_STEP_FAILED'
    return { ok: false, error: { code, message: e instanceof Error ? e.message : String(e) }, tail: '' }
  }
}

function lastLine(text: string): string {
  const line = text.trimEnd().split('\n').pop()?.trim()
  return line ? `: ${line.slice(0, 300)}` : ''
}

function withTimeout<T>(p: Promise<T>, ms: number | undefined): Promise<T> {
  if (!ms) return p
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => {
      const e = new Error(`timed out after ${ms / 1000} s`) as Error & { code: string }
      e.code = 'MMM_WORKFLOW_TIMEOUT'
      reject(e)
    }, ms)
    p.then((v) => { clearTimeout(t); resolve(v) }, (e: unknown) => { clearTimeout(t); reject(e) })
  })
}

const LABELS: Record<Decision, string> = { approve: 'Approve', changes: 'Approve with changes', reject: 'Reject' }

/**
 * A human approval: the answer given with `mmm workflow approve`, else a question (terminal prompt, or MCP
 * elicitation); with nobody to ask, the step waits (MMM_WORKFLOW_WAITING) and the run pauses.
 */
async function checkpoint(ctx: PluginContext, st: Step, ec: ExprContext, ids: { runId: string; key: string }): Promise<StepAttempt> {
  const spec = st.checkpoint!
  const key = `approval:${ids.runId}:${ids.key}`
  let answer = await ctx.state.get<Approval>(key)
  if (!answer) {
    const message = String(interpolate(spec.message, ec))
    try {
      const decision = await ctx.ui.select<Decision>(message, spec.options.map((o) => ({ value: o, label: LABELS[o] })))
      answer = { decision, ...(decision === 'changes' ? { changes: await ctx.ui.input('What should change?') } : {}), at: new Date().toISOString(), via: 'prompt' }
      await ctx.state.set(key, answer)
    } catch (e) {
      if ((e as { code?: string }).code !== 'MMM_UI_UNAVAILABLE') throw e
      return { ok: false, error: { code: 'MMM_WORKFLOW_WAITING', message: `waiting for approval: ${message} (mmm workflow approve ${ids.runId} ${st.name} [--decision approve|changes|reject] [--changes text])` }, tail: '' }
    }
  }
  if (answer.decision === 'reject') return { ok: false, error: { code: 'MMM_WORKFLOW_REJECTED', message: `rejected${answer.changes ? `: ${answer.changes}` : ''}` }, tail: '' }
  return { ok: true, stdout: '', value: { decision: answer.decision, changes: answer.changes ?? '' }, tail: '' }
}

export interface Approval {
  decision: Decision
  changes?: string
  at: string
  via: 'prompt' | 'command'
}

/** A `claude:` step: the prompt with its expressions filled in, through the call's claude capability (its text
 *  streams to the caller, cancelling the run cancels it). Outputs: text, output (with a schema), model, cost. */
async function askClaude(call: CallContext, st: Step, ec: ExprContext): Promise<StepAttempt> {
  const c = st.claude!
  const args = Object.fromEntries(Object.entries(c.args ?? {}).map(([k, v]) => [k, String(interpolate(v, ec) ?? '')]))
  const request: Record<string, unknown> = c.command !== undefined ? { ...(await call.claude.command(c.command, args)) } : { prompt: String(interpolate(c.prompt ?? '', ec)) }
  if (c.system !== undefined) request.system = String(interpolate(c.system, ec))
  if (c.task !== undefined) request.task = c.task
  if (c.model !== undefined) request.model = c.model
  if (c.maxTokens !== undefined) request.max_tokens = c.maxTokens
  if (c.schema !== undefined) request.schema = c.schema
  if (c.cache !== undefined) request.cache = c.cache
  const r = (await withTimeout(call.claude.message(request), st.timeoutMs)) as { text: string; output?: unknown; model: string; costUsd: number; usage: unknown; cached: boolean }
  const value = { text: r.text, ...(r.output !== undefined ? { output: r.output } : {}), model: r.model, costUsd: r.costUsd, usage: r.usage, cached: r.cached }
  return { ok: true, stdout: r.text, value, tail: r.text.slice(-TAIL) }
}
