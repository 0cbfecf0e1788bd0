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

export interface ClaudeCapability {
  message(request: Record<string, unknown>): Promise<unknown>
  countTokens(request: Record<string, unknown>): Promise<{ input_tokens: number }>
  models(): Promise<unknown[]>
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
