// @mmm/plugin-workflow: YAML workflows of shell steps and tool calls, run durably (docs/workflows.md).
import { definePlugin } from '@mmm/kernel/plugin'
import { executeRun } from './executeRun.ts'
import { coded, includeDirs, listWorkflows, loadWorkflow, parseFile, readText, shipWorkflows } from './loadWorkflow.ts'
import { formatErrors } from './parseWorkflow.ts'
import { describeAction, formatPlan, mermaid, planRun } from './planRun.ts'
import { paramPairs, resolveParams } from './resolveParams.ts'
import { LEASE_MS, runStore } from './runStore.ts'
import { runActions } from './runActions.ts'
import { shippedOption } from './shippedOption.ts'
import { FORMAT, HUMAN, historyText, runForPerson, runText, triggersText, workflowListText } from './runText.ts'
import type { Decision, RunRecord, RunTrigger, Trigger, Workflow } from './types.ts'

const RUN = { type: 'string', description: 'The run id (mmm workflow history lists them)' }
const LONG = 24 * 3600 * 1000

export default definePlugin({
  name: 'workflow',
  version: '0.1.0',
  setup(ctx) {
    const store = runStore(ctx)
    includeDirs(Array.isArray(ctx.options.include) ? ctx.options.include.filter((d): d is string => typeof d === 'string') : [])
    shipWorkflows(shippedOption(ctx.options.workflows, (m) => ctx.log.warn(`workflow plugin: ${m}`)))
    const summary = (r: RunRecord) => ({
      id: r.id, workflow: r.workflow, status: r.status, startedAt: r.startedAt, ...(r.endedAt ? { endedAt: r.endedAt } : {}), ...(r.error ? { error: r.error } : {}),
      ...(Object.keys(r.steps).length ? { steps: Object.fromEntries(Object.entries(r.steps).map(([k, s]) => [k, s.status])) } : {}),
    })
    /** A finished run (run, resume, replay, approve): its summary, or for a person its text (a failure throws). */
    const finished = (r: RunRecord, format?: string) => (format === 'text' ? runForPerson(r) : summary(r))
    type Call = Parameters<Parameters<typeof ctx.tool>[2]>[1]
    /** Executes a run under its lease; a resume waits out the lease of a process that died (or is finishing). */
    const execute = async (run: RunRecord, call: Call, resume: boolean, loaded?: Workflow, depth = 0): Promise<RunRecord> => {
      // A resume reads the file again: it may have been fixed since the failure.
      const workflow = loaded ?? (await loadWorkflow(ctx, run.file)).workflow
      const release = await store.lease(run.id, resume ? LEASE_MS + 1_000 : 0)
      let done: RunRecord
      try {
        // Read again under the lease: another process may have just finished it.
        const current = resume ? ((await store.get(run.id)) ?? run) : run
        if (current.status === 'succeeded') return current
        if (resume) {
          await ctx.state.delete(`cancel:${run.id}`)
          current.resumes++
        }
        done = await executeRun({ ctx, call, store, workflow }, current)
      } finally {
        await release()
      }
      const actions = done.status === 'succeeded' ? workflow.onSuccess : done.status === 'failed' ? workflow.onFailure : []
      if (actions.length) {
        const env = { ...ctx.env, ...workflow.env }
        await runActions({ call, http: ctx.http, env, trigger: (name, params, parent) => start(name, params, call, depth + 1, parent.id), depth }, actions, done)
      }
      return done
    }
    /** A new run of a workflow (from workflow.run, or an on_success / on_failure trigger). */
    const start = async (name: string, given: Record<string, unknown>, call: Call, depth: number, triggeredBy?: string, trigger?: RunTrigger): Promise<RunRecord> => {
      const { file, workflow } = await loadWorkflow(ctx, name)
      if (workflow.abstract) throw coded('MMM_WORKFLOW_INVALID', `workflow "${workflow.name}" is a template (abstract: true); run a workflow that extends it`)
      const params = resolveParams(workflow.parameters, given, workflow.name)
      const run: RunRecord = { id: runId(), workflow: workflow.name, file, params, status: 'running', startedAt: new Date().toISOString(), steps: {}, stages: {}, resumes: 0, ...(triggeredBy ? { triggeredBy } : {}), ...(trigger ? { trigger } : {}) }
      return execute(run, call, false, workflow, depth)
    }

    // Returns its input: shows what expressions give (tool: workflow.echo, with: { value: ${{ … }} }), and is
    // the no-op step of the benchmarks.
    ctx.tool('echo', {
      description: 'Return the input as it is (to see what an expression gives in a workflow)',
      input: { type: 'object', properties: { value: { description: 'Anything' } }, additionalProperties: false },
      annotations: { readOnlyHint: true, idempotentHint: true },
    }, async (input: { value?: unknown }) => input)

    ctx.tool('triggers', {
      description: 'The workflows that start on their own (spec_added, spec_changed, schedule), for mmm watch',
      input: { type: 'object', properties: { format: FORMAT }, additionalProperties: false, 'x-mmm-human': HUMAN },
      annotations: { readOnlyHint: true },
    }, async ({ format }: { format?: string }, call) => {
      const out: Array<{ workflow: string; file: string; triggers: Trigger[] }> = []
      for (const w of await listWorkflows(ctx)) {
        // An invalid file's triggers are unknown: say so, or `mmm watch` would silently never start it.
        if (w.errors) {
          call.log.warn(`${w.file} is not a valid workflow, so its triggers are not watched: ${w.errors[0]!.message} (mmm workflow validate ${w.file})`)
          continue
        }
        const { workflow } = await loadWorkflow(ctx, w.file)
        if (!workflow.abstract && workflow.triggers.length) out.push({ workflow: workflow.name, file: w.file, triggers: workflow.triggers })
      }
      return format === 'text' ? triggersText(out) : out
    })

    ctx.tool('list', { description: 'List the workflows: .mmm/workflows, then the include directories and the preset\'s workflows (name, file, description, problems)', input: { type: 'object', properties: { format: FORMAT }, additionalProperties: false, 'x-mmm-human': HUMAN }, annotations: { readOnlyHint: true } }, async ({ format }: { format?: string }) => {
      const list = await listWorkflows(ctx)
      return format === 'text' ? workflowListText(list) : list
    })

    ctx.tool('validate', {
      description: 'Check a workflow file; problems come with line and column',
      input: { type: 'object', properties: { file: { type: 'string', description: 'The workflow file (or a workflow name)' }, format: FORMAT }, required: ['file'], additionalProperties: false, 'x-mmm-positional': ['file'], 'x-mmm-human': HUMAN },
      annotations: { readOnlyHint: true },
    }, async ({ file, format }: { file: string; format?: string }) => {
      const path = /\.ya?ml$/.test(file) ? file : (await listWorkflows(ctx)).find((w) => w.name === file)?.file
      if (!path) throw coded('MMM_WORKFLOW_NOT_FOUND', `no workflow file "${file}"`)
      const r = await parseFile(ctx, path)
      const steps = r.ok ? r.workflow.stages.reduce((n, s) => n + s.steps.length, 0) : 0
      if (format === 'text') {
        // For a person (and CI): a workflow with problems is an error (exit code 2), each problem as file:line:col.
        if (!r.ok) throw coded('MMM_WORKFLOW_INVALID', `${path} is not a valid workflow:\n${formatErrors(path, r.errors)}`)
        return `${path}: valid (workflow ${r.workflow.name}, ${r.workflow.stages.length} stage${r.workflow.stages.length === 1 ? '' : 's'}, ${steps} step${steps === 1 ? '' : 's'})`
      }
      return r.ok ? { file: path, valid: true, name: r.workflow.name, stages: r.workflow.stages.length, steps } : { file: path, valid: false, errors: r.errors }
    })

    ctx.tool('run', {
      description: 'Run a workflow (or, with dryRun, print its plan without executing anything)',
      input: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Workflow name or file' },
          param: { type: 'array', items: { type: 'string' }, description: 'Parameters as name=value' },
          params: { type: 'object', description: 'Parameters as an object' },
          dryRun: { type: 'boolean', default: false, description: 'Show the resolved plan: order, conditions, commands; run nothing' },
          format: FORMAT,
          trigger: {
            type: 'object',
            description: 'Why the run starts (mmm watch sets it); expressions see it as trigger and spec',
            properties: { kind: { enum: ['manual', 'spec_added', 'spec_changed', 'schedule'] }, spec: { type: 'object', properties: { file: { type: 'string' }, id: { type: 'string' } }, required: ['file', 'id'], additionalProperties: false }, at: { type: 'string' } },
            required: ['kind'],
            additionalProperties: false,
          },
        },
        required: ['name'],
        additionalProperties: false,
        'x-mmm-positional': ['name'],
        'x-mmm-human': HUMAN,
      },
      timeoutMs: LONG,
    }, async (input: { name: string; param?: string[]; params?: Record<string, unknown>; dryRun: boolean; trigger?: RunTrigger; format?: string }, call) => {
      const given = { ...paramPairs(input.param ?? []), ...input.params }
      if (input.dryRun) {
        const { file, workflow } = await loadWorkflow(ctx, input.name)
        const params = resolveParams(workflow.parameters, given, workflow.name)
        const plan = planRun(workflow)
        const actions = { onSuccess: workflow.onSuccess.map(describeAction), onFailure: workflow.onFailure.map(describeAction) }
        const text = formatPlan(workflow, plan)
        return input.format === 'text' ? text : { workflow: workflow.name, file, params, dryRun: true, plan, actions, text }
      }
      const run = await start(input.name, given, call, 0, undefined, input.trigger)
      return finished(run, input.format)
    })

    ctx.tool('resume', {
      description: 'Resume a failed, cancelled or interrupted run: finished steps are kept, the rest runs',
      input: { type: 'object', properties: { run: RUN, format: FORMAT }, required: ['run'], additionalProperties: false, 'x-mmm-positional': ['run'], 'x-mmm-human': HUMAN },
      timeoutMs: LONG,
    }, async ({ run: id, format }: { run: string; format?: string }, call) => {
      const run = await store.get(id)
      if (!run) throw coded('MMM_WORKFLOW_RUN_NOT_FOUND', `no run "${id}" (mmm workflow history lists runs)`)
      const done = run.status === 'succeeded' ? run : await execute(run, call, true)
      return finished(done, format)
    })

    ctx.tool('approve', {
      description: 'Answer a checkpoint a run is waiting at (approve, approve with changes, or reject), then continue the run',
      input: {
        type: 'object',
        properties: {
          run: RUN,
          step: { type: 'string', description: 'The checkpoint step (its name, or stage/step)' },
          decision: { type: 'string', enum: ['approve', 'changes', 'reject'], default: 'approve' },
          changes: { type: 'string', description: 'With decision changes: what should change (outputs.<step>.changes); with reject: why' },
          format: FORMAT,
        },
        required: ['run', 'step'],
        additionalProperties: false,
        'x-mmm-positional': ['run', 'step'],
        'x-mmm-human': HUMAN,
      },
      timeoutMs: LONG,
    }, async (input: { run: string; step: string; decision: Decision; changes?: string; format?: string }, call) => {
      const run = await store.get(input.run)
      if (!run) throw coded('MMM_WORKFLOW_RUN_NOT_FOUND', `no run "${input.run}" (mmm workflow history lists runs)`)
      const waiting = Object.entries(run.steps).filter(([, s]) => s.status === 'waiting').map(([k]) => k)
      const key = waiting.find((k) => k === input.step || k.endsWith(`/${input.step}`))
      if (run.status !== 'waiting' || !key) throw coded('MMM_WORKFLOW_NOT_WAITING', `run ${run.id} is ${run.status}${waiting.length ? `; it waits at ${waiting.join(', ')}` : ' and waits for no approval'}`)
      if (input.decision === 'changes' && !input.changes) throw coded('MMM_INVALID_INPUT', 'decision changes needs --changes "what should change"')
      await ctx.state.set(`approval:${run.id}:${key}`, { decision: input.decision, ...(input.changes ? { changes: input.changes } : {}), at: new Date().toISOString(), via: 'command' })
      const done = await execute(run, call, true)
      return finished(done, input.format)
    })

    ctx.tool('replay', {
      description: 'Run a workflow again with the parameters of an earlier run; with fromStep, the steps before it keep that run\'s results and are not executed',
      input: {
        type: 'object',
        properties: { run: RUN, fromStep: { type: 'string', description: 'The first step to execute again (its name, or stage/step)' }, format: FORMAT },
        required: ['run'],
        additionalProperties: false,
        'x-mmm-positional': ['run'],
        'x-mmm-human': HUMAN,
      },
      timeoutMs: LONG,
    }, async (input: { run: string; fromStep?: string; format?: string }, call) => {
      const old = await store.get(input.run)
      if (!old) throw coded('MMM_WORKFLOW_RUN_NOT_FOUND', `no run "${input.run}" (mmm workflow history lists runs)`)
      const { file, workflow } = await loadWorkflow(ctx, old.file)
      const run: RunRecord = { id: runId(), workflow: workflow.name, file, params: old.params, status: 'running', startedAt: new Date().toISOString(), steps: {}, stages: {}, resumes: 0, triggeredBy: old.id }
      if (input.fromStep !== undefined) {
        // Steps that started before the first attempt of fromStep keep their results.
        const order = Object.entries(old.steps).filter(([, st]) => st.startedAt).sort((a, b) => (a[1].startedAt! < b[1].startedAt! ? -1 : 1))
        const at = order.findIndex(([key]) => key === input.fromStep || key.endsWith(`/${input.fromStep}`))
        if (at < 0) throw coded('MMM_INVALID_INPUT', `run ${old.id} has no step "${input.fromStep}" (its steps: ${order.map(([k]) => k).join(', ') || 'none ran'})`)
        for (const [key, st] of order.slice(0, at)) if (st.status === 'succeeded' || st.status === 'skipped') run.steps[key] = st
      }
      for (const [key, st] of Object.entries(run.steps)) await store.saveStep(run.id, key, st)
      const done = await execute(run, call, false, workflow)
      return finished(done, input.format)
    })

    ctx.tool('status', {
      description: 'A run: its status, and each step with its attempts, outputs, exit code and last output lines',
      input: { type: 'object', properties: { run: RUN, format: FORMAT }, required: ['run'], additionalProperties: false, 'x-mmm-positional': ['run'], 'x-mmm-human': HUMAN },
      annotations: { readOnlyHint: true },
    }, async ({ run: id, format }: { run: string; format?: string }) => {
      const run = await store.get(id)
      if (!run) throw coded('MMM_WORKFLOW_RUN_NOT_FOUND', `no run "${id}" (mmm workflow history lists runs)`)
      return format === 'text' ? runText(run) : run
    })

    ctx.tool('cancel', {
      description: 'Cancel a run: it stops before its next step (a run no process is executing is marked cancelled at once)',
      input: { type: 'object', properties: { run: RUN, format: FORMAT }, required: ['run'], additionalProperties: false, 'x-mmm-positional': ['run'], 'x-mmm-human': HUMAN },
    }, async ({ run: id, format }: { run: string; format?: string }) => {
      const run = await store.get(id)
      if (!run) throw coded('MMM_WORKFLOW_RUN_NOT_FOUND', `no run "${id}"`)
      const answer = (note: string) => (format === 'text' ? `${note}\n${runText(run)}` : summary(run))
      if (run.status !== 'running') return answer(`Run ${id} is ${run.status}: nothing to cancel.`)
      await store.requestCancel(id)
      const held = await ctx.state.get<{ until: number }>(`lease:${id}`)
      if (!held || held.until < Date.now()) {
        run.status = 'cancelled'
        run.endedAt = new Date().toISOString()
        await store.save(run)
        return answer(`Run ${id} cancelled (no process was executing it).`)
      }
      return answer(`Run ${id}: cancel requested; the process executing it stops before its next step.`)
    })

    ctx.tool('history', {
      description: 'Recent runs, newest first',
      input: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 }, format: FORMAT }, additionalProperties: false, 'x-mmm-human': HUMAN },
      annotations: { readOnlyHint: true },
    }, async ({ limit, format }: { limit: number; format?: string }) => {
      const runs = (await store.list()).slice(0, limit)
      return format === 'text' ? historyText(runs) : runs.map(summary)
    })

    ctx.tool('inspect', {
      description: 'A workflow as a plan, as a Mermaid graph of its stages and steps, or as its YAML source',
      input: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          graph: { type: 'boolean', default: false, description: 'Mermaid flowchart' },
          source: { type: 'boolean', default: false, description: 'The YAML as written, e.g. to copy a preset\'s workflow into .mmm/workflows/ and change it' },
        },
        required: ['name'], additionalProperties: false, 'x-mmm-positional': ['name'],
      },
      annotations: { readOnlyHint: true },
    }, async ({ name, graph, source }: { name: string; graph: boolean; source: boolean }) => {
      const { file, workflow } = await loadWorkflow(ctx, name)
      if (source) return await readText(ctx, file)
      return graph ? mermaid(workflow) : formatPlan(workflow, planRun(workflow))
    })
  },
})

function runId(): string {
  const t = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)
  return `${t}-${Math.random().toString(36).slice(2, 6)}`
}
