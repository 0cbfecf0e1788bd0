// The shape of a workflow, checked by hand so every problem names its path (parseWorkflow turns paths into
// lines and columns) and says what was expected.
import type { ClaudeStepSpec, Decision, OutputSpec, ParamSpec, ParamType, RetrySpec, Stage, Step, Workflow } from './types.ts'
import { checkActions } from './checkActions.ts'
import { checkExpressions } from './checkExpressions.ts'
import { checkTriggers } from './checkTriggers.ts'
import { parseDuration } from './parseDuration.ts'

export interface Problem {
  path: Array<string | number>
  message: string
}

export type Bad = (path: Array<string | number>, message: string) => undefined

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/
const TOOL_ID = /^[a-z][a-z0-9-]{0,63}\.[A-Za-z][A-Za-z0-9_-]{0,63}$/
const PARAM_TYPES: ParamType[] = ['string', 'number', 'integer', 'boolean', 'array', 'object']
const TOP = ['name', 'description', 'version', 'extends', 'abstract', 'parameters', 'env', 'common', 'triggers', 'stages', 'on_success', 'on_failure']
const STAGE = ['name', 'steps', 'parallel', 'max_parallel', 'condition', 'for_each']
const STEP = ['name', 'run', 'tool', 'claude', 'with', 'type', 'message', 'options', 'use', 'condition', 'outputs', 'timeout', 'retry', 'on_failure', 'working_dir', 'env']
const DECISIONS: Decision[] = ['approve', 'changes', 'reject']
const MAX_PARALLEL = 64

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function checkWorkflow(raw: unknown): { ok: true; workflow: Workflow } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = []
  const bad = (path: Array<string | number>, message: string): undefined => void problems.push({ path, message })
  if (!isObj(raw)) {
    bad([], 'a workflow is a mapping with name and stages')
    return { ok: false, problems }
  }
  unknownKeys(raw, TOP, [], bad)
  const name = typeof raw.name === 'string' && NAME.test(raw.name) ? raw.name : bad(['name'], 'name is required: letters, digits, _ and -, starting with a letter')
  const parameters = checkParams(raw.parameters, bad)
  const env = stringMap(raw.env, ['env'], bad)
  if (raw.abstract !== undefined && typeof raw.abstract !== 'boolean') bad(['abstract'], 'abstract is true or false')
  if (raw.common !== undefined && !isObj(raw.common)) bad(['common'], 'common maps step names to steps that `use:` can reuse')
  const common = isObj(raw.common) ? raw.common : {}
  const stages: Stage[] = []
  if (!Array.isArray(raw.stages) || raw.stages.length === 0) bad(['stages'], 'stages is required: a list of stages, each with a name and steps')
  else {
    const seen = new Set<string>()
    const stepNames = new Map<string, string>()
    raw.stages.forEach((s, i) => {
      const stage = checkStage(s, ['stages', i], bad, common)
      if (!stage) return
      if (seen.has(stage.name)) bad(['stages', i, 'name'], `stage name "${stage.name}" is used twice`)
      seen.add(stage.name)
      // Step names are unique in the whole workflow: expressions name them (outputs.<step>.<name>).
      stage.steps.forEach((st, j) => {
        const other = stepNames.get(st.name)
        if (other !== undefined) bad(['stages', i, 'steps', j, 'name'], `step name "${st.name}" is already used in stage "${other}"; step names are unique in a workflow`)
        stepNames.set(st.name, stage.name)
      })
      stages.push(stage)
    })
  }
  const triggers = checkTriggers(raw.triggers, bad)
  const onSuccess = checkActions(raw.on_success, ['on_success'], bad)
  const onFailure = checkActions(raw.on_failure, ['on_failure'], bad)
  checkExpressions(raw, [], bad)
  if (problems.length > 0 || !name) return { ok: false, problems }
  const wf: Workflow = { name, abstract: raw.abstract === true, parameters, env, stages, triggers, onSuccess, onFailure }
  if (typeof raw.description === 'string') wf.description = raw.description
  if (raw.version !== undefined) wf.version = String(raw.version)
  return { ok: true, workflow: wf }
}

function unknownKeys(o: Record<string, unknown>, allowed: string[], path: Array<string | number>, bad: Bad): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) bad([...path, k], `unknown key "${k}" (expected one of ${allowed.join(', ')})`)
}

function stringMap(v: unknown, path: Array<string | number>, bad: Bad): Record<string, string> {
  if (v === undefined) return {}
  if (!isObj(v)) return bad(path, 'expected a mapping of names to strings') ?? {}
  const out: Record<string, string> = {}
  for (const [k, x] of Object.entries(v)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) bad([...path, k], `"${k}" is not a valid environment variable name`)
    else if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x)
    else bad([...path, k], 'expected a string')
  }
  return out
}

function checkParams(v: unknown, bad: Bad): Record<string, ParamSpec> {
  if (v === undefined) return {}
  if (!isObj(v)) return bad(['parameters'], 'expected a mapping of parameter names to { type, default, required, description, enum }') ?? {}
  const out: Record<string, ParamSpec> = {}
  for (const [k, p] of Object.entries(v)) {
    const path = ['parameters', k]
    if (!NAME.test(k)) { bad(path, `"${k}" is not a valid parameter name`); continue }
    if (!isObj(p)) { bad(path, 'expected { type, default?, required?, description?, enum? }'); continue }
    unknownKeys(p, ['type', 'default', 'required', 'description', 'enum'], path, bad)
    const type = (p.type ?? 'string') as ParamType
    if (!PARAM_TYPES.includes(type)) { bad([...path, 'type'], `type must be one of ${PARAM_TYPES.join(', ')}`); continue }
    const spec: ParamSpec = { type }
    if (p.description !== undefined) spec.description = String(p.description)
    if (p.required !== undefined) spec.required = p.required === true
    if (p.enum !== undefined) {
      if (!Array.isArray(p.enum)) bad([...path, 'enum'], 'enum must be a list')
      else spec.enum = p.enum
    }
    if (p.default !== undefined) spec.default = p.default
    out[k] = spec
  }
  return out
}

function checkStage(s: unknown, path: Array<string | number>, bad: Bad, common: Record<string, unknown>): Stage | undefined {
  if (!isObj(s)) return bad(path, 'a stage is a mapping with name and steps')
  unknownKeys(s, STAGE, path, bad)
  if (typeof s.name !== 'string' || !NAME.test(s.name)) return bad([...path, 'name'], 'a stage needs a name: letters, digits, _ and -')
  if (!Array.isArray(s.steps) || s.steps.length === 0) return bad([...path, 'steps'], `stage "${s.name}" needs steps: a list`)
  const stage: Stage = { name: s.name, steps: [], parallel: s.parallel === true, maxParallel: 4 }
  if (s.parallel !== undefined && typeof s.parallel !== 'boolean') bad([...path, 'parallel'], 'parallel is true or false')
  if (s.max_parallel !== undefined) {
    // Each parallel step may have a call and its writes in flight, and a plugin may have 256 capability calls in flight.
    if (!Number.isInteger(s.max_parallel) || (s.max_parallel as number) < 1 || (s.max_parallel as number) > MAX_PARALLEL) bad([...path, 'max_parallel'], `max_parallel is a whole number from 1 to ${MAX_PARALLEL}`)
    else stage.maxParallel = s.max_parallel as number
  }
  if (s.condition !== undefined) stage.condition = exprString(s.condition, [...path, 'condition'], bad)
  if (s.for_each !== undefined) {
    if (typeof s.for_each === 'string') stage.forEach = { expr: s.for_each }
    else if (Array.isArray(s.for_each)) stage.forEach = { list: s.for_each }
    else bad([...path, 'for_each'], 'for_each is a list or an expression that gives one')
  }
  const names = new Set<string>()
  s.steps.forEach((st, i) => {
    const step = checkStep(st, i, [...path, 'steps', i], bad, common)
    if (!step) return
    if (names.has(step.name)) bad([...path, 'steps', i, 'name'], `step name "${step.name}" is used twice in stage "${s.name}"`)
    names.add(step.name)
    stage.steps.push(step)
  })
  return stage
}

function exprString(v: unknown, path: Array<string | number>, bad: Bad): string | undefined {
  if (typeof v === 'boolean') return String(v)
  if (typeof v !== 'string' || v.trim() === '') return bad(path, 'expected an expression, e.g. parameters.deploy == true')
  return v
}

function checkStep(raw: unknown, i: number, path: Array<string | number>, bad: Bad, common: Record<string, unknown>): Step | undefined {
  if (!isObj(raw)) return bad(path, 'a step is a mapping with run:, tool:, use: or type: checkpoint')
  unknownKeys(raw, STEP, path, bad)
  let st = raw
  if (raw.use !== undefined) {
    // A common step, with this step's keys over it.
    const base = typeof raw.use === 'string' ? common[raw.use] : undefined
    if (!isObj(base)) return bad([...path, 'use'], `use: names a step under common:${Object.keys(common).length ? ` (${Object.keys(common).join(', ')})` : ' (there is none)'}`)
    const { use: _use, ...own } = raw
    st = { name: raw.use, ...base, ...own }
  }
  const name = st.name === undefined ? `step-${i + 1}` : typeof st.name === 'string' && NAME.test(st.name) ? st.name : bad([...path, 'name'], 'a step name has letters, digits, _ and -')
  if (!name) return undefined
  if (st.type !== undefined && st.type !== 'checkpoint') return bad([...path, 'type'], 'type: is checkpoint (a human approval), or left out')
  const kinds = ['run', 'tool', 'claude', 'type'].filter((k) => st[k] !== undefined)
  if (kinds.length !== 1) return bad(path, kinds.length === 0 ? `step "${name}" needs run: (a shell script), tool: (a tool id), claude: (a prompt), use: (a common step) or type: checkpoint` : `step "${name}" has ${kinds.join(' and ')}; a step does one thing`)
  const step: Step = { name, onFailure: 'fail' }
  if (st.type === 'checkpoint') {
    if (typeof st.message !== 'string' || st.message.trim() === '') return bad([...path, 'message'], 'a checkpoint needs message: what to approve')
    const options = st.options === undefined ? DECISIONS : st.options
    if (!Array.isArray(options) || options.length === 0 || !options.every((o) => DECISIONS.includes(o as Decision))) return bad([...path, 'options'], `options: is a list of ${DECISIONS.join(', ')}`)
    step.checkpoint = { message: st.message, options: options as Decision[] }
  } else if (st.message !== undefined || st.options !== undefined) bad([...path, st.message !== undefined ? 'message' : 'options'], 'message: and options: belong to type: checkpoint steps')
  if (st.claude !== undefined) {
    const c = checkClaude(st.claude, [...path, 'claude'], bad)
    if (!c) return undefined
    step.claude = c
  }
  if (st.run !== undefined) {
    if (typeof st.run !== 'string' || st.run.trim() === '') return bad([...path, 'run'], 'run: is a shell script (a string)')
    step.run = st.run
  } else if (st.tool !== undefined) {
    if (typeof st.tool !== 'string' || !TOOL_ID.test(st.tool)) return bad([...path, 'tool'], 'tool: is a tool id like analyzer.analyze')
    step.tool = st.tool
    if (st.with !== undefined) {
      if (!isObj(st.with)) bad([...path, 'with'], 'with: is the tool input, a mapping')
      else step.with = st.with
    }
  }
  if (st.with !== undefined && st.tool === undefined) bad([...path, 'with'], 'with: belongs to tool: steps')
  if (st.condition !== undefined) {
    const c = exprString(st.condition, [...path, 'condition'], bad)
    if (c) step.condition = c
  }
  if (st.outputs !== undefined) step.outputs = checkOutputs(st.outputs, [...path, 'outputs'], bad)
  if (st.timeout !== undefined) {
    const ms = parseDuration(st.timeout)
    if (ms === undefined) bad([...path, 'timeout'], 'timeout is seconds (a number) or a duration like 90s, 5m, 1h')
    else step.timeoutMs = ms
  }
  if (st.retry !== undefined) {
    const r = checkRetry(st.retry, [...path, 'retry'], bad)
    if (r) step.retry = r
  }
  if (st.on_failure !== undefined) {
    if (st.on_failure !== 'fail' && st.on_failure !== 'continue') bad([...path, 'on_failure'], 'on_failure is fail (stop the run) or continue')
    else step.onFailure = st.on_failure
  }
  if (st.working_dir !== undefined) {
    if (typeof st.working_dir !== 'string' || st.working_dir.split('/').includes('..') || st.working_dir.startsWith('/')) bad([...path, 'working_dir'], 'working_dir is a directory inside the project, relative, without ..')
    else step.workingDir = st.working_dir
  }
  const env = stringMap(st.env, [...path, 'env'], bad)
  if (Object.keys(env).length > 0) step.env = env
  return step
}

function checkOutputs(v: unknown, path: Array<string | number>, bad: Bad): Record<string, OutputSpec> {
  if (!isObj(v)) return bad(path, 'outputs maps names to { from: json|regex|file|stdout, path?, pattern? }') ?? {}
  const out: Record<string, OutputSpec> = {}
  for (const [k, o] of Object.entries(v)) {
    const p = [...path, k]
    if (!NAME.test(k)) { bad(p, `"${k}" is not a valid output name`); continue }
    const spec = typeof o === 'string' ? { from: o } : o
    if (!isObj(spec) || !['json', 'regex', 'file', 'stdout'].includes(spec.from as string)) { bad(p, 'from: is json, regex, file or stdout'); continue }
    const os: OutputSpec = { from: spec.from as OutputSpec['from'] }
    if (spec.path !== undefined) os.path = String(spec.path)
    if (spec.from === 'regex') {
      if (typeof spec.pattern !== 'string') { bad([...p, 'pattern'], 'a regex output needs pattern:'); continue }
      try { new RegExp(spec.pattern) } catch (e) { bad([...p, 'pattern'], `not a valid regular expression: ${(e as Error).message}`); continue }
      os.pattern = spec.pattern
    }
    if (spec.from === 'file' && typeof spec.path !== 'string') { bad([...p, 'path'], 'a file output needs path:'); continue }
    out[k] = os
  }
  return out
}

function checkRetry(v: unknown, path: Array<string | number>, bad: Bad): RetrySpec | undefined {
  if (typeof v === 'number') v = { count: v }
  if (!isObj(v)) return bad(path, 'retry is a count, or { count, backoff }')
  const count = v.count
  if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > 20) return bad([...path, 'count'], 'count is a whole number from 0 to 20')
  const backoff = v.backoff === undefined ? 1 : parseDuration(v.backoff)
  if (backoff === undefined) return bad([...path, 'backoff'], 'backoff is seconds or a duration like 2s')
  return { count: count as number, backoff: v.backoff === undefined ? 1 : backoff / 1000 }
}

function checkClaude(v: unknown, path: Array<string | number>, bad: Bad): ClaudeStepSpec | undefined {
  if (typeof v === 'string') return v.trim() ? { prompt: v } : bad(path, 'claude: is a prompt (text), or { prompt | command + args, system?, task?, model?, max_tokens?, schema?, cache? }')
  if (!isObj(v)) return bad(path, 'claude: is a prompt (text), or { prompt | command + args, system?, task?, model?, max_tokens?, schema?, cache? }')
  unknownKeys(v, ['prompt', 'command', 'args', 'system', 'task', 'model', 'max_tokens', 'schema', 'cache'], path, bad)
  const c: ClaudeStepSpec = {}
  if (v.command !== undefined) {
    if (v.prompt !== undefined) return bad(path, 'claude: takes a prompt or a command (a template), not both')
    if (typeof v.command !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(v.command)) return bad([...path, 'command'], 'command: is the name of a command template (mmm run --list)')
    c.command = v.command
    if (v.args !== undefined) {
      if (!isObj(v.args)) return bad([...path, 'args'], 'args: maps the template\'s arguments to values')
      c.args = Object.fromEntries(Object.entries(v.args).map(([k, x]) => [k, String(x)]))
    }
  } else if (typeof v.prompt !== 'string' || v.prompt.trim() === '') return bad([...path, 'prompt'], 'prompt: is the text to send (or give command: a template)')
  else c.prompt = v.prompt
  for (const k of ['system', 'task', 'model'] as const) {
    if (v[k] === undefined) continue
    if (typeof v[k] !== 'string') bad([...path, k], `${k}: is text`)
    else c[k] = v[k] as string
  }
  if (v.max_tokens !== undefined) {
    if (!Number.isInteger(v.max_tokens) || (v.max_tokens as number) < 1) bad([...path, 'max_tokens'], 'max_tokens: is a whole number')
    else c.maxTokens = v.max_tokens as number
  }
  if (v.schema !== undefined) {
    if (!isObj(v.schema)) bad([...path, 'schema'], 'schema: is a JSON Schema (a mapping) the answer must satisfy')
    else c.schema = v.schema
  }
  if (v.cache !== undefined) c.cache = v.cache === true
  return c
}

