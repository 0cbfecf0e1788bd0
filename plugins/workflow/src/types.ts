// The workflow language (docs/workflows.md) as the engine sees it after parsing and validation.

export type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object'

export interface ParamSpec {
  type: ParamType
  description?: string
  default?: unknown
  required?: boolean
  enum?: unknown[]
}

export interface OutputSpec {
  /** json: a field of the step's JSON stdout (`path` like `a.b.0`, all of it when absent); regex: the first
   *  capture group (or the whole match) of `pattern` in stdout; file: the text of a file (`path`). */
  from: 'json' | 'regex' | 'file' | 'stdout'
  path?: string
  pattern?: string
}

export interface RetrySpec {
  count: number
  /** Seconds before the first retry, doubled each time. */
  backoff: number
}

export type Decision = 'approve' | 'changes' | 'reject'

/** A human approval: approve, approve with changes (their text becomes outputs.<step>.changes), or reject. */
export interface CheckpointSpec {
  message: string
  options: Decision[]
}

/** A `claude:` step: a prompt (expressions allowed), or a request with a task, system prompt, schema, …, or a
 *  command template (`mmm run <command>`) with its arguments. */
export interface ClaudeStepSpec {
  prompt?: string
  command?: string
  args?: Record<string, string>
  system?: string
  task?: string
  model?: string
  maxTokens?: number
  schema?: Record<string, unknown>
  cache?: boolean
}

export interface Step {
  name: string
  run?: string
  tool?: string
  claude?: ClaudeStepSpec
  checkpoint?: CheckpointSpec
  /** Input of a tool step (expressions allowed in string values). */
  with?: Record<string, unknown>
  condition?: string
  outputs?: Record<string, OutputSpec>
  timeoutMs?: number
  retry?: RetrySpec
  onFailure: 'fail' | 'continue'
  workingDir?: string
  env?: Record<string, string>
}

export interface Stage {
  name: string
  steps: Step[]
  parallel: boolean
  maxParallel: number
  condition?: string
  /** The stage's steps run once per item (`item`, `index`): a list from the file, or an expression giving one. */
  forEach?: { list: unknown[] } | { expr: string }
}

/** What starts a workflow besides `mmm workflow run`: a spec file appearing or changing, or a schedule (`mmm watch`). */
export type Trigger = { kind: 'spec_added' | 'spec_changed'; paths: string[] } | { kind: 'schedule'; cron: string }

/** Why a run started, as its expressions see it (`trigger`, `spec`). */
export interface RunTrigger {
  kind: 'manual' | 'spec_added' | 'spec_changed' | 'schedule'
  spec?: { file: string; id: string }
  at?: string
}

/** A notification sent after a run through ctx.http: its host must be in the user's grant (grants.workflow.net). */
export interface WebhookAction {
  /** The URL, expressions allowed (`${{ env.SLACK_WEBHOOK_URL }}` keeps the secret out of the file). */
  webhook: string
  method: 'POST' | 'PUT' | 'PATCH'
  /** Header values may hold expressions; they are never logged. */
  headers?: Record<string, string>
  /** A mapping or list (sent as JSON) or text; absent: the run as JSON. */
  body?: unknown
  timeoutMs: number
}

/** What happens after a run: a log line, another workflow started, or a webhook notified. */
export type Action = { log: string } | { trigger: string; params?: Record<string, unknown> } | WebhookAction

export interface Workflow {
  name: string
  description?: string
  version?: string
  /** A template: only for `extends`, never run itself. */
  abstract: boolean
  parameters: Record<string, ParamSpec>
  env: Record<string, string>
  stages: Stage[]
  triggers: Trigger[]
  onSuccess: Action[]
  onFailure: Action[]
}

export type StepStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped'
export type RunStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled'

export interface StepRecord {
  status: StepStatus
  /** What the step does (absent in runs recorded before it was kept). */
  kind?: 'run' | 'claude' | 'tool' | 'checkpoint'
  attempts: number
  startedAt?: string
  endedAt?: string
  exitCode?: number
  outputs?: Record<string, unknown>
  /** Last lines of the step's output (stdout then stderr), for status and failures. */
  tail?: string
  error?: { code: string; message: string }
}

export interface RunRecord {
  id: string
  workflow: string
  file: string
  params: Record<string, unknown>
  status: RunStatus
  startedAt: string
  endedAt?: string
  /** Keyed by `stage/step` (`stage[i]/step` inside for_each). */
  steps: Record<string, StepRecord>
  stages: Record<string, { status: StepStatus; items?: number }>
  error?: { code: string; message: string }
  /** How many times the run was resumed. */
  resumes: number
  /** The run whose on_success / on_failure started this one (or that it replays). */
  triggeredBy?: string
  trigger?: RunTrigger
}
