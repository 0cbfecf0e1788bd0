// `spec run`: one spec implemented by Claude in its own git worktree (branch mmm/spec-<id>), iteration after
// iteration, until its validate commands pass and every acceptance criterion is checked in the spec's copy in
// the worktree — or the iteration limit. Each iteration that changed files is one commit on that branch; the
// user's working tree is never touched. Progress and the outcome go to state (spec-run:<id>) and the spec's
// status in its file: in-progress, then done or blocked.
import type { CallContext, PluginContext } from '@mmm/kernel/plugin'
import { runEditAgent } from './editAgent.ts'
import { readFrontmatter, writeFrontmatter } from './frontmatter.ts'
import { parseSpec } from './parseSpec.ts'
import type { Spec } from './types.ts'

export interface SpecRun {
  id: string
  outcome: 'done' | 'blocked'
  iterations: number
  branch: string
  worktree: string
  commits: string[]
  /** Iterations of the blocked attempt this run continued (its worktree, branch, commits and tokens). */
  continued?: number
  /** The last validation: each command with its exit code and last output lines. */
  validation: Array<{ command: string; code: number | null; tail: string }>
  criteria: { done: number; total: number }
  inputTokens: number
  outputTokens: number
  costUsd: number
}

const TAIL = 1500

export async function runSpec(ctx: PluginContext, call: CallContext, spec: Spec, maxIterations: number, fresh = false): Promise<SpecRun> {
  // A spec left blocked continues in its last attempt's worktree (with what the user fixed there by hand).
  const prior = fresh ? undefined : await blockedAttempt(ctx, spec.id)
  // The second and 4 random characters: two runs of one spec within a second get their own branches.
  const stamp = `${new Date().toISOString().replace(/[-:T.Z]/g, '').slice(0, 14)}-${Math.random().toString(36).slice(2, 6).padEnd(4, '0')}`
  const branch = prior?.branch ?? `mmm/spec-${spec.id}-${stamp}`
  const worktree = prior?.worktree ?? `.mmm/worktrees/spec-${spec.id}-${stamp}`
  if (!prior) await ctx.git.worktree.add(worktree, { branch })
  // Only once the worktree exists: a spec whose run could not start is not left "in-progress".
  await setStatus(ctx, spec, 'in-progress')
  // A spec not committed yet is not in the worktree (made from HEAD): the agent works on a copy of it.
  if (!(await ctx.fs.stat(`${worktree}/${spec.file}`).catch(() => null))) await ctx.fs.write(`${worktree}/${spec.file}`, await ctx.fs.read(spec.file))
  const run: SpecRun = {
    id: spec.id, outcome: 'blocked', iterations: prior?.iterations ?? 0, branch, worktree, commits: [...(prior?.commits ?? [])], validation: [], criteria: { done: 0, total: spec.criteria.length },
    inputTokens: prior?.inputTokens ?? 0, outputTokens: prior?.outputTokens ?? 0, costUsd: prior?.costUsd ?? 0, ...(prior ? { continued: prior.iterations } : {}),
  }
  const save = () => ctx.state.set(`spec-run:${spec.id}`, { ...run, at: new Date().toISOString() })
  if (prior && !(await ctx.git.status({ cwd: worktree })).clean) run.commits.push((await ctx.git.commit(`spec ${spec.id}: changes made by hand in the worktree`, { cwd: worktree, all: true })).sha)
  // Continuing: the last attempt's failures are where this one starts.
  let feedback = prior ? `(This continues an attempt that was left blocked; files may have been fixed by hand since.)\n${feedbackOf(spec, (prior.validation ?? []).filter((v) => v.code !== 0), [])}`.trimEnd() : ''
  const before = run.iterations
  for (let i = 1; i <= maxIterations; i++) {
    call.signal.throwIfAborted()
    run.iterations = before + i
    call.progress(i - 1, maxIterations, `${spec.id}: iteration ${i} of ${maxIterations}${before ? ` (${before} before)` : ''}`)
    const agent = await runEditAgent(ctx, call, worktree, prompt(spec, feedback))
    run.inputTokens += agent.inputTokens
    run.outputTokens += agent.outputTokens
    run.costUsd += agent.costUsd
    const status = await ctx.git.status({ cwd: worktree })
    if (!status.clean) run.commits.push((await ctx.git.commit(`spec ${spec.id}: iteration ${run.iterations}\n\n${agent.text.slice(0, 2000)}`, { cwd: worktree, all: true })).sha)
    run.validation = []
    for (const command of spec.validate) {
      const r = await ctx.exec.run('sh', ['-c', command], { cwd: worktree, timeoutMs: 600_000 })
      run.validation.push({ command, code: r.timedOut ? null : r.code, tail: `${r.stdout}${r.stderr}`.slice(-TAIL) })
    }
    const copy = parseSpec(spec.file, await ctx.fs.read(`${worktree}/${spec.file}`).catch(() => ''))
    run.criteria = { done: copy.criteria.filter((c) => c.done).length, total: copy.criteria.length }
    await save()
    const failing = run.validation.filter((v) => v.code !== 0)
    const open = copy.criteria.filter((c) => !c.done)
    if (failing.length === 0 && open.length === 0) {
      run.outcome = 'done'
      break
    }
    feedback = feedbackOf(spec, failing, open.map((c) => c.text))
  }
  await save()
  await setStatus(ctx, spec, run.outcome)
  call.progress(maxIterations, maxIterations, `${spec.id}: ${run.outcome}`)
  return run
}

function feedbackOf(spec: Spec, failing: SpecRun['validation'], open: string[]): string {
  return [
    ...failing.map((v) => `The command \`${v.command}\` failed (exit ${v.code ?? 'timeout'}):\n${v.tail}`),
    ...(open.length ? [`These acceptance criteria are not checked yet in ${spec.file}: ${open.map((c) => `"${c}"`).join(', ')}. Check each one ("- [x]") only when it is met.`] : []),
  ].join('\n\n')
}

function prompt(spec: Spec, feedback: string): string {
  return [
    `Implement this specification in the project (your tools work on its files). When an acceptance criterion is met, check its box in ${spec.file} ("- [ ]" → "- [x]").`,
    spec.validate.length ? `These commands must pass: ${spec.validate.map((c) => `\`${c}\``).join(', ')}.` : '',
    `\n${spec.file}:\n${readFrontmatter(spec.body).body}`,
    feedback ? `\nAfter your last iteration:\n${feedback}` : '',
    '\nWhen you are done, answer with a short summary of what you changed and why.',
  ].filter(Boolean).join('\n')
}

/** The last run of this spec when it ended blocked and its worktree is still there. */
async function blockedAttempt(ctx: PluginContext, id: string): Promise<SpecRun | undefined> {
  const last = await ctx.state.get<SpecRun>(`spec-run:${id}`)
  if (last?.outcome !== 'blocked' || typeof last.worktree !== 'string' || !last.worktree.startsWith(`.mmm/worktrees/spec-${id}-`)) return undefined
  const there = await ctx.fs.stat(last.worktree).catch(() => null)
  return there ? last : undefined
}

async function setStatus(ctx: PluginContext, spec: Spec, status: string): Promise<void> {
  const doc = readFrontmatter(await ctx.fs.read(spec.file))
  doc.data.status = status
  if (status === 'done') doc.data.done = new Date().toISOString()
  await ctx.fs.write(spec.file, writeFrontmatter(doc))
}
