// What `mmm workflow list / history / status / run` print for a person (the tools' `format: 'text'`); JSON stays
// the default for scripts, MCP clients and other plugins.
import { coded, type WorkflowFile } from './loadWorkflow.ts'
import type { RunRecord, StepRecord } from './types.ts'

export const FORMAT = { type: 'string', enum: ['json', 'text'], default: 'json', description: 'text: a summary for a person' }
/** At a terminal (no --json) these tools print text for a person. */
export const HUMAN = { format: 'text' }

/** Columns padded to their widest cell. */
function columns(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n')
}

const seconds = (from?: string, to?: string): string => {
  if (!from || !to) return ''
  const ms = Date.parse(to) - Date.parse(from)
  return Number.isFinite(ms) ? (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`) : ''
}

export function workflowListText(list: readonly WorkflowFile[]): string {
  if (!list.length) return 'No workflows: put one in .mmm/workflows/ (docs/workflows.md), or add the preset @mmm/preset-workflows for four examples.'
  const rows = list.map((w) => [w.name, w.file, w.errors?.length ? `INVALID: ${w.errors[0]!.message}${w.errors.length > 1 ? ` (+${w.errors.length - 1} more; mmm workflow validate ${w.file})` : ''}` : (w.description ?? '')])
  return columns([['NAME', 'FILE', 'DESCRIPTION'], ...rows])
}

export function triggersText(list: ReadonlyArray<{ workflow: string; file: string; triggers: ReadonlyArray<{ kind: string; paths?: string[]; cron?: string }> }>): string {
  if (!list.length) return 'No workflow has a trigger (triggers: spec_added, spec_changed, { schedule: "<cron>" }); mmm watch would have nothing to do.'
  const what = (t: { kind: string; paths?: string[]; cron?: string }) => (t.kind === 'schedule' ? `schedule ${t.cron}` : `${t.kind} ${t.paths!.join(', ')}`)
  return columns([['WORKFLOW', 'FILE', 'TRIGGERS'], ...list.map((w) => [w.workflow, w.file, w.triggers.map(what).join('; ')])])
}

export function historyText(runs: ReadonlyArray<Pick<RunRecord, 'id' | 'workflow' | 'status' | 'startedAt' | 'endedAt' | 'error'>>): string {
  if (!runs.length) return 'No runs yet: mmm workflow run <name> starts one.'
  return columns([['RUN', 'WORKFLOW', 'STATUS', 'STARTED', 'TOOK'], ...runs.map((r) => [r.id, r.workflow, r.status, r.startedAt.replace('T', ' ').slice(0, 19), seconds(r.startedAt, r.endedAt)])])
}

const stepLine = (key: string, s: StepRecord): string => {
  const extra = [s.attempts > 1 ? `${s.attempts} attempts` : '', s.exitCode !== undefined && s.exitCode !== 0 ? `exit ${s.exitCode}` : '', seconds(s.startedAt, s.endedAt)].filter(Boolean).join(', ')
  // A waiting step's message is its checkpoint's question; the approve command is on the run's last line.
  const why = !s.error ? '' : s.status === 'waiting' ? s.error.message.replace(/^waiting for approval: /, '').replace(/ \(mmm workflow approve [^)]*\)$/, '') : `${s.error.code}: ${s.error.message.split('\n')[0]}`
  return `  ${s.status.padEnd(9)} ${key}${extra ? `  (${extra})` : ''}${why ? `\n            ${why}` : ''}`
}

/** Step lines a summary lists in full; a longer run keeps EDGE_STEPS at each end and every step worth a look. */
const MAX_STEP_LINES = 40
const EDGE_STEPS = 10

/** A run: its outcome, then each step; a failed step shows the end of its output. */
export function runText(run: RunRecord): string {
  const took = seconds(run.startedAt, run.endedAt)
  const lines = [`Run ${run.id} of ${run.workflow} (${run.file}): ${run.status}${took ? ` in ${took}` : ''}`]
  // A waiting run's "error" is its checkpoint's question, which the waiting step shows.
  if (run.error && run.status !== 'waiting') lines.push(`  ${run.error.code}: ${run.error.message}`)
  const steps = Object.entries(run.steps)
  // A long run (a for_each over thousands of items) shows its first and last steps and every one that needs a
  // look (failed, waiting, running, a claude answer); the quiet ones in between are counted, not listed.
  const quiet = (s: StepRecord) => (s.status === 'succeeded' && s.kind !== 'claude') || s.status === 'skipped'
  const hidden = steps.length > MAX_STEP_LINES ? new Set(steps.map(([k], i) => (i >= EDGE_STEPS && i < steps.length - EDGE_STEPS && quiet(run.steps[k]!) ? k : '')).filter(Boolean)) : new Set<string>()
  let skipped = 0
  const flush = () => {
    if (skipped) lines.push(`  … ${skipped} more step${skipped === 1 ? '' : 's'} succeeded or skipped (mmm workflow status ${run.id} --json lists every step)`)
    skipped = 0
  }
  for (const [key, s] of steps) {
    if (hidden.has(key)) {
      skipped++
      continue
    }
    flush()
    lines.push(stepLine(key, s))
    if (s.status === 'failed' && s.tail?.trim()) lines.push(...s.tail.trimEnd().split('\n').slice(-5).map((l) => `            | ${l}`))
    if (s.status === 'succeeded' && s.kind === 'claude') lines.push(...answerLines(run.id, s))
  }
  flush()
  if (run.status === 'failed' || run.status === 'cancelled') lines.push(`mmm workflow resume ${run.id} continues it; mmm workflow status ${run.id} --json has every output.`)
  if (run.status === 'waiting') {
    // The approve command takes the step's name: `stage/step`, or `stage[i]/step` inside for_each.
    const names = [...new Set(Object.entries(run.steps).filter(([, s]) => s.status === 'waiting').map(([key]) => key.slice(key.indexOf('/') + 1)))]
    lines.push(`A checkpoint waits: mmm workflow approve ${run.id} ${names.length === 1 ? names[0] : '<step>'} [--decision approve|changes|reject] [--changes text]`)
  }
  return lines.join('\n')
}

const ANSWER_LINES = 15

/** A claude step's answer, its first lines: at a terminal the streamed text is gone once the spinner clears. */
function answerLines(runId: string, s: StepRecord): string[] {
  const text = typeof s.outputs?.text === 'string' ? s.outputs.text : (s.tail ?? '')
  const all = text.trim().split('\n')
  if (!all[0]) return []
  const shown = all.slice(0, ANSWER_LINES).map((l) => `            > ${l}`.trimEnd())
  if (all.length > ANSWER_LINES) shown.push(`            (${all.length - ANSWER_LINES} more lines: mmm workflow status ${runId} --json)`)
  return shown
}

/** A run's text for the CLI: a failed or cancelled run is an error (exit code 1, its own error code), still with the whole summary. */
export function runForPerson(run: RunRecord): string {
  const text = runText(run)
  if (run.status === 'failed' || run.status === 'cancelled') throw coded(run.error?.code ?? 'MMM_WORKFLOW_STEP_FAILED', text)
  return text
}
