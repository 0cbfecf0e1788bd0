// Every error that leaves the kernel is an MmmError with a stable code and a message that says what to do.

export type ErrorCode =
  | 'MMM_BAD_CONFIG'
  | 'MMM_CONFIG_LOAD_FAILED'
  | 'MMM_PRESET_NOT_FOUND'
  | 'MMM_PLUGIN_NOT_FOUND'
  | 'MMM_BAD_MANIFEST'
  | 'MMM_DUPLICATE_TOOL'
  | 'MMM_REGISTRATION_CLOSED'
  | 'MMM_GRANT_REQUIRED'
  | 'MMM_PERMISSION_DENIED'
  | 'MMM_TOOL_NOT_FOUND'
  | 'MMM_RESOURCE_NOT_FOUND'
  | 'MMM_PROMPT_NOT_FOUND'
  | 'MMM_INVALID_INPUT'
  | 'MMM_INVALID_OUTPUT'
  | 'MMM_CALL_VETOED'
  | 'MMM_CANCELLED'
  | 'MMM_PLUGIN_ERROR'
  | 'MMM_PLUGIN_TIMEOUT'
  | 'MMM_PLUGIN_OOM'
  | 'MMM_PLUGIN_CRASHED'
  | 'MMM_PLUGIN_RESULT_TOO_LARGE'
  | 'MMM_RATE_LIMITED'
  | 'MMM_PAYLOAD_TOO_LARGE'
  | 'MMM_NO_NODE_SNAPSHOT'
  | 'MMM_NOT_CONFIGURED'
  | 'MMM_STATE_ERROR'
  | 'MMM_HISTORY_NOT_FOUND'
  | 'MMM_EXEC_FAILED'
  | 'MMM_HTTP_FAILED'
  | 'MMM_FS_ERROR'
  | 'MMM_UI_UNAVAILABLE'
  | 'MMM_CALL_DEPTH'
  | 'MMM_USAGE'
  | 'MMM_MCP_TOOL_CHANGED'
  | 'MMM_MCP_ELICITATION_UNSUPPORTED'
  | 'MMM_MCP_RUN_NOT_FOUND'
  | 'MMM_MCP_TOKEN_REQUIRED'
  | 'MMM_MCP_CLIENT_CONFIG'
  | 'MMM_CLAUDE_BUDGET_EXCEEDED'
  | 'MMM_CLAUDE_SPEND_LIMIT'
  | 'MMM_CLAUDE_RATE_LIMITED'
  | 'MMM_CLAUDE_OVERLOADED'
  | 'MMM_CLAUDE_STALLED'
  | 'MMM_CLAUDE_AUTH'
  | 'MMM_CLAUDE_UNREACHABLE'
  | 'MMM_CLAUDE_API_ERROR'
  | 'MMM_CLAUDE_INVALID_OUTPUT'
  | 'MMM_CLAUDE_CLI_FAILED'
  | 'MMM_COMMAND_NOT_FOUND'
  | 'MMM_JOB_NOT_FOUND'
  | 'MMM_INTERNAL'

/** Where an error happened, as rollup decorates errors with { plugin, hook }. */
export interface ErrorOrigin {
  plugin?: string
  tool?: string
  hook?: string
}

export interface SerializedError extends ErrorOrigin {
  code: ErrorCode | string
  message: string
  details?: unknown
}

/** Exit code 2 for bad usage or bad input, 1 for work that failed (DESIGN §11). */
const USAGE_CODES = new Set<string>([
  'MMM_BAD_CONFIG', 'MMM_CONFIG_LOAD_FAILED', 'MMM_PRESET_NOT_FOUND', 'MMM_PLUGIN_NOT_FOUND', 'MMM_BAD_MANIFEST',
  'MMM_TOOL_NOT_FOUND', 'MMM_RESOURCE_NOT_FOUND', 'MMM_PROMPT_NOT_FOUND', 'MMM_INVALID_INPUT', 'MMM_USAGE',
  'MMM_HISTORY_NOT_FOUND', 'MMM_GRANT_REQUIRED', 'MMM_NO_NODE_SNAPSHOT', 'MMM_NOT_CONFIGURED', 'MMM_DUPLICATE_TOOL',
  'MMM_MCP_TOKEN_REQUIRED',
])

export class MmmError extends Error {
  readonly code: ErrorCode | string
  readonly details: unknown
  plugin?: string
  tool?: string
  hook?: string

  constructor(code: ErrorCode | string, message: string, options: { details?: unknown; cause?: unknown } & ErrorOrigin = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'MmmError'
    this.code = code
    this.details = options.details
    if (options.plugin) this.plugin = options.plugin
    if (options.tool) this.tool = options.tool
    if (options.hook) this.hook = options.hook
  }

  get exitCode(): 1 | 2 {
    // Plugins' own codes follow the same naming: MMM_<PLUGIN>_NOT_FOUND and the like are bad input too.
    return USAGE_CODES.has(this.code) || /_(NOT_FOUND|NOT_A_DIRECTORY|INVALID_INPUT|INVALID_PARAMS|INVALID)$/.test(this.code) ? 2 : 1
  }

  toJSON(): SerializedError {
    const out: SerializedError = { code: this.code, message: this.message }
    if (this.plugin) out.plugin = this.plugin
    if (this.tool) out.tool = this.tool
    if (this.hook) out.hook = this.hook
    if (this.details !== undefined) out.details = this.details
    return out
  }

  /** Rebuilds an error that crossed a process or isolate boundary as JSON. */
  static from(e: SerializedError): MmmError {
    return new MmmError(e.code, e.message, e)
  }
}

export function isMmmError(e: unknown): e is MmmError {
  return e instanceof MmmError
}

/** Normalizes anything thrown into an MmmError, decorated with where it happened. */
export function toMmmError(e: unknown, origin: ErrorOrigin = {}): MmmError {
  const err = e instanceof MmmError ? e : new MmmError('MMM_INTERNAL', e instanceof Error ? e.message : String(e), { cause: e })
  if (origin.plugin && !err.plugin) err.plugin = origin.plugin
  if (origin.tool && !err.tool) err.tool = origin.tool
  if (origin.hook && !err.hook) err.hook = origin.hook
  return err
}

// ---- factories: one per situation, each saying what to do ----

export const errors = {
  badConfig: (key: string, value: unknown, expected: string, source?: string) =>
    new MmmError('MMM_BAD_CONFIG', `config key "${key}"${source ? ` (from ${source})` : ''} is ${show(value)}; expected ${expected}`, {
      details: { key, value, expected, source },
    }),
  configLoadFailed: (file: string, cause: unknown) =>
    new MmmError('MMM_CONFIG_LOAD_FAILED', `could not load ${file}: ${cause instanceof Error ? cause.message : String(cause)}; fix the file or run with --config <other file>`, { cause }),
  presetNotFound: (name: string, from: string) =>
    new MmmError('MMM_PRESET_NOT_FOUND', `preset "${name}" was not found from ${from}; install it (pnpm add -D ${name}) or remove it from "presets"`),
  pluginNotFound: (spec: string, from: string) =>
    new MmmError('MMM_PLUGIN_NOT_FOUND', `plugin "${spec}" was not found from ${from}; install it (mmm plugin add ${spec}) or fix the path in "plugins"`),
  badManifest: (plugin: string, problem: string) =>
    new MmmError('MMM_BAD_MANIFEST', `plugin "${plugin}": ${problem}`, { plugin }),
  duplicateTool: (id: string, owner: string, other: string) =>
    new MmmError('MMM_DUPLICATE_TOOL', `tool "${id}" is already registered by plugin "${owner}"; plugin "${other}" cannot register it again (rename the tool or remove one plugin)`, { plugin: other }),
  /** `why`: "is new", "changed since you granted it" or "asks for more than you granted" (also in details). */
  grantRequired: (plugin: string, asked: string, why: string) =>
    new MmmError('MMM_GRANT_REQUIRED', `plugin "${plugin}" asks for ${asked} (it ${why}) and has no grant; review it, then run with --yes, answer the prompt on a terminal, or add it under "grants" in mmm.config.ts`, { plugin, details: { why } }),
  permissionDenied: (plugin: string, what: string, toAdd: string) =>
    new MmmError('MMM_PERMISSION_DENIED', `plugin "${plugin}" may not ${what}; add ${toAdd} to its "mmm.permissions" (and grant it) if it should`, { plugin }),
  toolNotFound: (id: string, suggestion?: string) =>
    new MmmError('MMM_TOOL_NOT_FOUND', `no tool "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (mmm tools lists them)`),
  invalidInput: (id: string, problems: string) =>
    new MmmError('MMM_INVALID_INPUT', `input for "${id}" is invalid: ${problems}`, { tool: id }),
  invalidOutput: (id: string, problems: string) =>
    new MmmError('MMM_INVALID_OUTPUT', `tool "${id}" returned output that does not match its schema: ${problems}; this is a bug in the plugin`, { tool: id }),
  cancelled: (what: string) => new MmmError('MMM_CANCELLED', `${what} was cancelled`),
  timeout: (plugin: string, what: string, ms: number) =>
    new MmmError('MMM_PLUGIN_TIMEOUT', `plugin "${plugin}" did not finish ${what} within ${ms} ms; it was stopped (raise sandbox.callTimeoutMs or the tool's timeoutMs if this is expected)`, { plugin }),
  crashed: (plugin: string, why: string) =>
    new MmmError('MMM_PLUGIN_CRASHED', `the sandbox process of plugin "${plugin}" died (${why}); it restarts on the next call`, { plugin }),
  oom: (plugin: string, limitMb: number) =>
    new MmmError('MMM_PLUGIN_OOM', `plugin "${plugin}" went over its memory limit of ${limitMb} MB and was stopped (raise sandbox.memoryLimitMb if this is expected)`, { plugin }),
  notConfigured: (what: string, how: string) => new MmmError('MMM_NOT_CONFIGURED', `${what} is not configured: ${how}`),
  usage: (message: string) => new MmmError('MMM_USAGE', message),
  stateError: (message: string, cause?: unknown) => new MmmError('MMM_STATE_ERROR', message, { cause }),
  historyNotFound: (id: string) =>
    new MmmError('MMM_HISTORY_NOT_FOUND', `no history entry "${id}"; run mmm history to see ids`, { details: { id } }),
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined'
  try {
    const s = JSON.stringify(value)
    return s.length > 80 ? `${s.slice(0, 77)}...` : s
  } catch {
    return String(value)
  }
}
