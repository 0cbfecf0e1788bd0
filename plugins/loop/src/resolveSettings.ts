// Settings of one session: defaults < the plugin's options (mmm.config.ts) < the call's input. Every value is
// checked here, so a bad option fails before a worktree is made or a token is spent.
import { parseBudget } from './parseBudget.ts'
import { coded } from './coded.ts'
import { COMMAND_KINDS, SEVERITIES, type CommandKind, type PartName, type Settings, type Severity } from './types.ts'

// The review weighs most: it is the only part that sees the code itself; the checks keep it honest.
export const DEFAULT_WEIGHTS: Record<PartName, number> = { tests: 2, lint: 1, types: 1, build: 1, analysis: 1, review: 3 }

export function defaultSettings(): Settings {
  return {
    target: 8,
    maxIterations: 5,
    minImprovement: 0.1,
    patience: 2,
    onRegression: 'retry',
    scope: [],
    severity: [...SEVERITIES],
    issuesPerIteration: 3,
    agentTurns: 30,
    commandTimeoutSeconds: 600,
    commands: {},
    setup: [],
    autoCommit: false,
    dryRun: false,
    weights: { ...DEFAULT_WEIGHTS },
  }
}

type Raw = Record<string, unknown>

export function resolveSettings(options: Raw, input: Raw): Settings {
  const s = defaultSettings()
  for (const [layer, src] of [['option', options], ['input', input]] as const) apply(s, src, layer)
  return s
}

function apply(s: Settings, src: Raw, layer: 'option' | 'input'): void {
  const where = (k: string) => (layer === 'option' ? `the loop option ${k} (mmm.config.ts)` : `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)
  const num = (k: string, min: number, max: number): number | undefined => {
    const v = src[k]
    if (v === undefined) return undefined
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) throw coded('MMM_INVALID_INPUT', `${where(k)} must be a number from ${min} to ${max}, not ${JSON.stringify(v)}`)
    return n
  }
  const int = (k: string, min: number, max: number): number | undefined => {
    const n = num(k, min, max)
    if (n !== undefined && !Number.isInteger(n)) throw coded('MMM_INVALID_INPUT', `${where(k)} must be a whole number, not ${n}`)
    return n
  }
  const list = (k: string): string[] | undefined => {
    const v = src[k]
    if (v === undefined) return undefined
    const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : undefined
    if (!items || items.some((x) => typeof x !== 'string')) throw coded('MMM_INVALID_INPUT', `${where(k)} must be a list of strings (or one comma-separated string)`)
    return (items as string[]).map((x) => x.trim()).filter(Boolean)
  }
  s.target = num('target', 0, 10) ?? s.target
  s.maxIterations = int('maxIterations', 1, 100) ?? s.maxIterations
  s.minImprovement = num('minImprovement', 0, 10) ?? s.minImprovement
  s.patience = int('patience', 1, 100) ?? s.patience
  s.issuesPerIteration = int('issuesPerIteration', 1, 50) ?? s.issuesPerIteration
  s.agentTurns = int('agentTurns', 1, 200) ?? s.agentTurns
  s.commandTimeoutSeconds = int('commandTimeoutSeconds', 1, 86_400) ?? s.commandTimeoutSeconds
  const minutes = num('timeLimitMinutes', 0.01, 7 * 24 * 60)
  if (minutes !== undefined) s.timeLimitMinutes = minutes
  if (src.onRegression !== undefined) {
    if (src.onRegression !== 'retry' && src.onRegression !== 'stop') throw coded('MMM_INVALID_INPUT', `${where('onRegression')} must be "retry" or "stop"`)
    s.onRegression = src.onRegression
  }
  if (src.budget !== undefined && src.budget !== '') s.budget = parseBudget(src.budget as string | number)
  if (src.focus !== undefined) {
    if (typeof src.focus !== 'string') throw coded('MMM_INVALID_INPUT', `${where('focus')} must be a string, e.g. "tests" or "error handling"`)
    if (src.focus.trim()) s.focus = src.focus.trim()
  }
  const scope = list('scope')
  if (scope) {
    const bad = scope.find((p) => p.startsWith('/') || p.split('/').includes('..'))
    if (bad) throw coded('MMM_INVALID_INPUT', `${where('scope')}: "${bad}" is not a path inside the project (use paths relative to its root, e.g. src/)`)
    s.scope = scope
  }
  const severity = list('severity')
  if (severity) {
    const bad = severity.find((x) => !(SEVERITIES as readonly string[]).includes(x))
    if (bad !== undefined || severity.length === 0) throw coded('MMM_INVALID_INPUT', `${where('severity')}: "${bad ?? ''}" is not a severity (${SEVERITIES.join(', ')})`)
    s.severity = severity as Severity[]
  }
  const setup = list('setup')
  if (setup) s.setup = setup
  if (src.commands !== undefined) {
    const c = src.commands
    if (!c || typeof c !== 'object' || Array.isArray(c)) throw coded('MMM_INVALID_INPUT', `${where('commands')} must be an object like { test: "npm test", lint: "" }`)
    for (const [k, v] of Object.entries(c)) {
      if (!(COMMAND_KINDS as readonly string[]).includes(k) || typeof v !== 'string') throw coded('MMM_INVALID_INPUT', `${where('commands')}.${k} must be one of ${COMMAND_KINDS.join(', ')} with a command string ("" turns it off)`)
      s.commands[k as CommandKind] = v
    }
  }
  if (src.weights !== undefined) {
    const w = src.weights
    if (!w || typeof w !== 'object' || Array.isArray(w)) throw coded('MMM_INVALID_INPUT', `${where('weights')} must be an object of numbers, e.g. { tests: 3, review: 2 }`)
    for (const [k, v] of Object.entries(w)) {
      if (!(k in s.weights) || typeof v !== 'number' || !(v >= 0)) throw coded('MMM_INVALID_INPUT', `${where('weights')}.${k}: parts are ${Object.keys(s.weights).join(', ')}, each a number ≥ 0`)
      s.weights[k as PartName] = v
    }
  }
  if (src.provider !== undefined) {
    if (src.provider !== 'api' && src.provider !== 'claude-code') throw coded('MMM_INVALID_INPUT', `${where('provider')} must be "api" or "claude-code"`)
    s.provider = src.provider
  }
  if (typeof src.autoCommit === 'boolean') s.autoCommit = src.autoCommit
  if (typeof src.dryRun === 'boolean') s.dryRun = src.dryRun
}
