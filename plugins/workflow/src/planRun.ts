// The dry-run plan (what would run, in what order, under which conditions, with which commands) and the
// Mermaid graph of a workflow's stages and steps. Nothing is executed.
import { expressionsIn } from './expressions.ts'
import { describeWebhook } from './sendWebhook.ts'
import type { Action, Workflow } from './types.ts'

export interface PlanStep {
  stage: string
  step: string
  kind: 'run' | 'tool' | 'claude' | 'checkpoint'
  /** The script as it will run: expressions become "$MMM_EXPR_n" variables. */
  command: string
  expressions: string[]
  condition?: string
  parallel: boolean
  forEach?: string
  timeoutMs?: number
  retries: number
  onFailure: string
}

export function planRun(wf: Workflow): PlanStep[] {
  const out: PlanStep[] = []
  for (const stage of wf.stages) {
    for (const st of stage.steps) {
      const kind = st.run !== undefined ? 'run' : st.tool !== undefined ? 'tool' : st.claude ? 'claude' : 'checkpoint'
      const command = st.run !== undefined ? substituted(st.run) : st.tool !== undefined ? `${st.tool} ${JSON.stringify(st.with ?? {})}` : st.claude ? `claude${st.claude.task ? ` (${st.claude.task})` : ''}: ${st.claude.command !== undefined ? `command ${st.claude.command} ${JSON.stringify(st.claude.args ?? {})}` : st.claude.prompt}` : `approve? ${st.checkpoint?.message ?? ''}`
      const p: PlanStep = {
        stage: stage.name, step: st.name, kind, command,
        expressions: expressionsIn(st.run ?? st.claude?.prompt ?? (st.claude?.args ? JSON.stringify(st.claude.args) : undefined) ?? st.checkpoint?.message ?? JSON.stringify(st.with ?? {})),
        parallel: stage.parallel, retries: st.retry?.count ?? 0, onFailure: st.onFailure,
      }
      const cond = [stage.condition, st.condition].filter((c): c is string => c !== undefined)
      if (cond.length) p.condition = cond.join(' && ')
      if (stage.forEach) p.forEach = 'list' in stage.forEach ? JSON.stringify(stage.forEach.list) : stage.forEach.expr
      if (st.timeoutMs) p.timeoutMs = st.timeoutMs
      out.push(p)
    }
  }
  return out
}

function substituted(script: string): string {
  let n = 0
  return script.replace(/\$\{\{([\s\S]*?)\}\}/g, () => `"$MMM_EXPR_${++n}"`)
}

export function formatPlan(wf: Workflow, plan: readonly PlanStep[]): string {
  const lines = [`Workflow ${wf.name}: ${plan.length} step${plan.length === 1 ? '' : 's'} in ${wf.stages.length} stage${wf.stages.length === 1 ? '' : 's'} (dry run: nothing executed)`]
  let stage = ''
  let i = 0
  for (const p of plan) {
    if (p.stage !== stage) {
      stage = p.stage
      lines.push(`\nstage ${stage}${p.parallel ? ' (parallel)' : ''}${p.forEach ? ` for each of ${p.forEach}` : ''}`)
    }
    lines.push(`  ${++i}. ${p.step}${p.condition ? `  [if ${p.condition}]` : ''}${p.retries ? `  [retry ${p.retries}]` : ''}${p.onFailure === 'continue' ? '  [continue on failure]' : ''}`)
    for (const l of p.command.split('\n').filter((x) => x.trim())) lines.push(`       ${p.kind === 'run' ? '$' : p.kind === 'tool' ? '→' : '?'} ${l}`)
    p.expressions.forEach((e, k) => lines.push(`       MMM_EXPR_${k + 1} = \${{ ${e} }}`))
  }
  const after = [...wf.onSuccess.map((a) => `  on success: ${describeAction(a)}`), ...wf.onFailure.map((a) => `  on failure: ${describeAction(a)}`)]
  if (after.length) lines.push('\nafter the run (nothing sent or started in a dry run)', ...after)
  return lines.join('\n')
}

/** An on_success / on_failure action as written (expressions unevaluated). */
export function describeAction(a: Action): string {
  if ('log' in a) return `log ${a.log}`
  if ('webhook' in a) return describeWebhook(a)
  return `trigger ${a.trigger}${a.params ? ` ${JSON.stringify(a.params)}` : ''}`
}

export function mermaid(wf: Workflow): string {
  const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_')
  const lines = ['flowchart TD']
  let prev: string[] = []
  for (const stage of wf.stages) {
    lines.push(`  subgraph ${id(stage.name)}["${stage.name}${stage.parallel ? ' (parallel)' : ''}${stage.forEach ? ' (for each)' : ''}"]`)
    const ids = stage.steps.map((st) => `${id(stage.name)}__${id(st.name)}`)
    stage.steps.forEach((st, i) => lines.push(`    ${ids[i]}["${st.name}${st.condition ? ' ?' : ''}"]`))
    if (!stage.parallel) for (let i = 1; i < ids.length; i++) lines.push(`    ${ids[i - 1]} --> ${ids[i]}`)
    lines.push('  end')
    const heads = stage.parallel ? ids : ids.slice(0, 1)
    for (const p of prev) for (const h of heads) lines.push(`  ${p} --> ${h}`)
    prev = stage.parallel ? ids : ids.slice(-1)
  }
  return lines.join('\n')
}
