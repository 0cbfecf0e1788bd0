// The guest API (contract): what a plugin sees. No Node imports: this is bundled into plugins.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue }
export type JsonSchema = Record<string, unknown>

export interface ToolAnnotations {
  title?: string
  readOnlyHint?: boolean
  destructiveHint?: boolean
  idempotentHint?: boolean
  openWorldHint?: boolean
}

export interface ToolDefinition {
  description: string
  input?: JsonSchema
  output?: JsonSchema
  annotations?: ToolAnnotations
  /** Wall-clock limit for one call of this tool; defaults to the config's sandbox.callTimeoutMs. */
  timeoutMs?: number
}

export interface ResourceDefinition {
  name?: string
  description?: string
  mimeType?: string
}

export interface PromptArgument {
  name: string
  description?: string
  required?: boolean
  /** Known values, offered by MCP clients as completions of this argument (values starting with what was typed). */
  values?: string[]
}

export interface PromptDefinition {
  description?: string
  arguments?: PromptArgument[]
}

export interface PromptMessage {
  role: 'user' | 'assistant'
  content: string
}

export interface Logger {
  debug(message: string, data?: unknown): void
  info(message: string, data?: unknown): void
  warn(message: string, data?: unknown): void
  error(message: string, data?: unknown): void
}

/** The cancellation signal of one call (a minimal AbortSignal: the sandbox has no DOM). */
export interface CallSignal {
  readonly aborted: boolean
  readonly reason: unknown
  throwIfAborted(): void
  addEventListener(type: 'abort', fn: () => void): void
  removeEventListener(type: 'abort', fn: () => void): void
}

export interface ToolsCapability {
  call<T = unknown>(id: string, input?: unknown): Promise<T>
}

export interface CallContext {
  /** Reports progress to the caller (CLI progress bar, MCP progress notification). */
  progress(progress: number, total?: number, message?: string): void
  signal: CallSignal
  log: Logger
  tools: ToolsCapability
  /**
   * ctx.claude bound to this call: streamed text reaches the tool's caller as progress, and cancelling
   * the call cancels the Claude request. Prefer it to ctx.claude inside a tool.
   */
  claude: ClaudeCapability
  /** Who called: 'cli', 'mcp', 'plugin:<name>', 'test', ... */
  caller: string
}

export interface FileStat {
  type: 'file' | 'directory' | 'symlink' | 'other'
  size: number
  mtimeMs: number
}

export interface WalkOptions {
  /** Glob patterns relative to the project root (default ['**']). */
  patterns?: string[]
  ignore?: string[]
  /** Honour .gitignore files (default true). */
  gitignore?: boolean
  /** Include directories in the result (default false). */
  directories?: boolean
  limit?: number
  /** Return { path, size, mtimeMs } for each file instead of bare paths. */
  details?: boolean
}

export interface WalkEntry {
  path: string
  size: number
  mtimeMs: number
}

export interface FsCapability {
  read(path: string): Promise<string>
  readMany(paths: string[]): Promise<Array<{ path: string; content?: string; error?: { code: string; message: string } }>>
  write(path: string, content: string): Promise<void>
  list(dir?: string): Promise<Array<{ name: string; type: FileStat['type'] }>>
  walk(options?: WalkOptions & { details?: false }): Promise<string[]>
  walk(options: WalkOptions & { details: true }): Promise<WalkEntry[]>
  stat(path: string): Promise<FileStat | null>
  remove(path: string, options?: { recursive?: boolean }): Promise<void>
}

export interface ExecOptions {
  cwd?: string
  env?: Record<string, string>
  timeoutMs?: number
  input?: string
}

export interface ExecResult {
  code: number | null
  signal: string | null
  stdout: string
  stderr: string
  timedOut: boolean
  truncated: boolean
  durationMs: number
}

export interface ExecCapability {
  run(cmd: string, args?: string[], options?: ExecOptions): Promise<ExecResult>
}

export interface GitStatusEntry {
  path: string
  index: string
  worktree: string
}

export interface GitCapability {
  status(options?: { cwd?: string }): Promise<{ branch: string | null; head: string | null; clean: boolean; files: GitStatusEntry[] }>
  diff(options?: { cwd?: string; staged?: boolean; ref?: string; paths?: string[] }): Promise<string>
  commit(message: string, options?: { cwd?: string; all?: boolean; paths?: string[]; allowEmpty?: boolean }): Promise<{ sha: string }>
  stash(options?: { cwd?: string; pop?: boolean; message?: string }): Promise<void>
  resetTo(ref: string, options?: { cwd?: string; hard?: boolean }): Promise<void>
  log(options?: { cwd?: string; limit?: number; ref?: string }): Promise<Array<{ sha: string; author: string; date: string; subject: string }>>
  worktree: {
    add(path: string, options?: { branch?: string; ref?: string; cwd?: string }): Promise<{ path: string; branch: string | null }>
    remove(path: string, options?: { force?: boolean; cwd?: string }): Promise<void>
    list(options?: { cwd?: string }): Promise<Array<{ path: string; head: string | null; branch: string | null }>>
  }
}

export interface StateCapability {
  get<T = unknown>(key: string): Promise<T | undefined>
  set(key: string, value: unknown, options?: { ttlMs?: number }): Promise<void>
  delete(key: string): Promise<boolean>
  list<T = unknown>(prefix?: string): Promise<Array<{ key: string; value: T }>>
}

export interface HttpResponse {
  status: number
  statusText: string
  headers: Record<string, string>
  body: string
  url: string
}

export interface HttpCapability {
  fetch(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number }): Promise<HttpResponse>
}

export interface EventsCapability {
  emit(name: string, payload?: unknown): Promise<void>
}

export interface UiCapability {
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>
  select<T extends string = string>(message: string, choices: Array<{ value: T; label?: string; hint?: string }>): Promise<T>
  input(message: string, options?: { default?: string; placeholder?: string }): Promise<string>
}

export interface ClaudeCacheControl {
  type: 'ephemeral'
}

export type ClaudeContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content?: string | Array<{ type: 'text'; text: string }>; is_error?: boolean }

export interface ClaudeMessageParam {
  role: 'user' | 'assistant'
  content: string | ClaudeContentBlock[]
}

/** A tool the model may call; the answer comes back with stop_reason "tool_use" and the plugin replies with a tool_result. */
export interface ClaudeToolSpec {
  name: string
  description?: string
  input_schema: JsonSchema
}

export interface ClaudeRequest {
  /** Picks the model from claude.tasks.<task> in the config (else the default model). */
  task?: string
  /** An explicit model id (overrides the task's). */
  model?: string
  system?: string | Array<{ type: 'text'; text: string }>
  /** The conversation; or give `prompt` for one user message. */
  messages?: ClaudeMessageParam[]
  prompt?: string
  tools?: ClaudeToolSpec[]
  tool_choice?: { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string }
  max_tokens?: number
  temperature?: number
  stop_sequences?: string[]
  /** The answer must be one JSON document satisfying this schema: the result's `output` holds it (one repair attempt, then MMM_CLAUDE_INVALID_OUTPUT). */
  schema?: JsonSchema
  /** Answer from the response cache when the same request was answered before (deterministic calls only). */
  cache?: boolean
  /** Forward the answer's text to the tool's caller while it streams (default true). */
  stream?: boolean
  /** Count the call against this run's budget (default: the current mmm process or job). */
  run?: string
  /** Conversation memory: earlier exchanges of this session go along; this one is kept. */
  session?: string
  /** claude-code provider only: working directory (inside the project) and permission mode. */
  cwd?: string
  permissionMode?: 'default' | 'acceptEdits' | 'bypassPermissions' | 'plan'
  /** Send this request through this provider, whatever claude.provider says in the config (omit it to use the config's choice). */
  provider?: 'api' | 'claude-code'
}

export interface ClaudeUsage {
  inputTokens: number
  outputTokens: number
  cacheWriteTokens: number
  cacheReadTokens: number
}

export interface ClaudeResponse<O = unknown> {
  id: string
  model: string
  provider: 'api' | 'claude-code'
  content: ClaudeContentBlock[]
  /** All text blocks joined. */
  text: string
  /** The tool calls the model made (stopReason "tool_use"). */
  toolUses: Array<{ id: string; name: string; input: unknown }>
  stopReason: string | null
  usage: ClaudeUsage
  costUsd: number
  /** Served from the response cache: nothing was sent or spent. */
  cached: boolean
  /** The validated answer when the request had a `schema`. */
  output?: O
  durationMs: number
  run: string
}

export interface ClaudeContextItem {
  id: string
  text: string
  priority: 'critical' | 'high' | 'medium' | 'low'
  title?: string
}

export interface ClaudeBuiltContext {
  text: string
  tokens: number
  included: Array<{ id: string; tokens: number; truncated: boolean }>
  omitted: Array<{ id: string; priority: ClaudeContextItem['priority']; tokens: number }>
}

export interface ClaudeCapability {
  message<O = unknown>(request: ClaudeRequest): Promise<ClaudeResponse<O>>
  countTokens(request: ClaudeRequest): Promise<{ input_tokens: number; estimated: boolean }>
  models(): Promise<Array<{ id: string; displayName: string; createdAt?: string }>>
  /** Packs prioritized items into a token budget (critical/high cut in the middle, medium/low left out). */
  buildContext(args: { items: ClaudeContextItem[]; budgetTokens: number }): Promise<ClaudeBuiltContext>
  /** A command template (`mmm run <name>`: built-in, from a preset or .mmm/commands) filled with `args`, as request fields to send with message(). */
  command(name: string, args?: Record<string, string>): Promise<ClaudeRequest>
}

/** Kernel events a plugin may tap with ctx.on (arguments are JSON copies). */
export interface HookPayloads {
  beforeCall: { id: string; tool: string; input: unknown; caller: string }
  afterCall: { id: string; tool: string; caller: string; durationMs: number; outcome: 'ok' | 'error' | 'cancelled'; error?: { code: string; message: string } }
  event: { name: string; payload: unknown; source: string; time: string }
  pluginLoaded: { name: string; version: string }
  shutdown: Record<string, never>
  claudeRequest: Record<string, unknown>
  claudeResponse: Record<string, unknown>
}
export type HookName = keyof HookPayloads

export interface PluginContext {
  readonly name: string
  readonly version: string
  readonly options: Record<string, unknown>
  /** The project root as the kernel sees it (paths given to capabilities are relative to it). */
  readonly root: string
  /** Environment variables the plugin was granted (permissions.env). */
  readonly env: Readonly<Record<string, string>>
  tool<I = any, O = unknown>(name: string, definition: ToolDefinition, handler: (input: I, call: CallContext) => O | Promise<O>): void
  resource(uri: string, definition: ResourceDefinition, read: () => unknown | Promise<unknown>): void
  prompt(name: string, definition: PromptDefinition, render: (args: Record<string, string>) => PromptMessage[] | string | Promise<PromptMessage[] | string>): void
  on<H extends HookName>(hook: H, fn: (payload: HookPayloads[H]) => unknown): void
  fs: FsCapability
  exec: ExecCapability
  git: GitCapability
  state: StateCapability
  http: HttpCapability
  tools: ToolsCapability
  events: EventsCapability
  ui: UiCapability
  claude: ClaudeCapability
  log: Logger
}

export interface PluginDefinition {
  name: string
  version?: string
  setup(ctx: PluginContext): void | Promise<void>
}
