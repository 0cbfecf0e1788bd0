// The shapes of mmm.config.ts, presets and the resolved config (contract: users and plugin authors write these).

/** What a plugin may do; asked for in its manifest, granted under "grants" (or inline on a plugin entry). */
export type Permissions = {
  /** Glob patterns, relative to the project root, the plugin may read / write. */
  fs?: { read?: string[]; write?: string[] }
  /** Commands the plugin may run (e.g. "git", "pnpm"). */
  exec?: string[]
  /** Hosts the plugin may reach over HTTP (e.g. "api.github.com", "*.slack.com"). */
  net?: string[]
  /** Whether the plugin may call Claude, optionally capped per call. */
  claude?: boolean | { maxTokensPerCall?: number }
  /** Tools of other plugins it may call ("plugin.tool", globs allowed). */
  tools?: string[]
  /** Environment variables it may read. */
  env?: string[]
}

/**
 * One entry of "plugins": a module name or path, a [name, options] pair, or the long form.
 * Later layers replace the options of an entry an earlier layer named (the user's config wins).
 */
export type PluginEntry =
  | string
  | [string, Record<string, unknown>]
  | { use: string; options?: Record<string, unknown>; permissions?: Permissions; sandbox?: 'on' | 'off' }

export interface ClaudeConfig {
  /** 'api' uses the Anthropic API (ANTHROPIC_API_KEY), 'claude-code' the local Claude Code CLI, 'auto' picks one. */
  provider?: 'auto' | 'api' | 'claude-code'
  /** The default model (a task without its own model uses it). */
  model?: string
  /** A cheaper, faster model for housekeeping tasks (summarizing conversation memory) without a model in "tasks". */
  smallModel?: string
  /** API base URL (a gateway or proxy); overrides ANTHROPIC_BASE_URL. */
  baseURL?: string
  /** Model per task, e.g. { review: '…', implement: '…', summarize: '…' }. */
  tasks?: Record<string, string>
  /** Limits enforced before a call is sent. A run is one mmm process (or a named run, or a job). */
  budget?: { tokensPerCall?: number; tokensPerRun?: number; tokensPerDay?: number; usdPerRun?: number; usdPerDay?: number }
  /** USD per million tokens, by model id or model id prefix (the longest matching prefix wins). */
  prices?: Record<string, ClaudePrice>
  /** Response cache for calls a plugin marks cacheable. */
  cache?: { enabled?: boolean; ttlSeconds?: number }
  /** Mark stable prefixes (tools, system prompt) with cache_control (default true). */
  promptCaching?: boolean
  /** max_tokens when a request gives none. */
  maxTokens?: number
  /** Retries of 408/409/429/5xx and of a mid-stream overloaded error (default 2). */
  maxRetries?: number
  /** A stream with no event for this long is abandoned (default 120000). */
  idleTimeoutMs?: number
  /** The claude-code provider: the executable and its permission mode. */
  claudeCode?: { command?: string; permissionMode?: 'default' | 'acceptEdits' | 'bypassPermissions' | 'plan'; args?: string[] }
  /** Conversation memory: exchanges kept verbatim per session; older ones are summarized (task "summarize"). */
  memory?: { recentTurns?: number }
}

/** USD per million tokens. */
export interface ClaudePrice {
  input: number
  output: number
  cacheWrite?: number
  cacheRead?: number
}

export interface SandboxConfig {
  memoryLimitMb?: number
  callTimeoutMs?: number
  maxResultBytes?: number
}

export interface MmmConfig {
  presets?: (string | Preset)[]
  plugins?: PluginEntry[]
  claude?: ClaudeConfig
  /** Permissions granted per plugin name. */
  grants?: Record<string, Permissions>
  state?: { url?: string }
  sandbox?: SandboxConfig
  /** What `mmm mcp` exposes; calls running past longCallMs answer with a run id (0: never). */
  mcp?: { tools?: string[]; longCallMs?: number }
  workflows?: string[]
  prompts?: Record<string, string>
  /**
   * Typed as open so code can index the config by key; at load time an unknown top-level key is rejected
   * with a did-you-mean (the known keys are listed once, in configSchema.ts).
   */
  [pluginOptionsOrFutureKeys: string]: unknown
}

export interface Preset {
  name?: string
  presets?: (string | Preset)[]
  plugins?: PluginEntry[]
  workflows?: string[]
  prompts?: Record<string, string>
  config?: MmmConfig
}

export interface NormalizedPlugin {
  /** The module name or path as written. */
  specifier: string
  options: Record<string, unknown>
  permissions?: Permissions
  sandbox: 'on' | 'off'
  /** Directory to resolve specifier from: the dir of the file (or preset module) that first named it. */
  baseDir: string
  /** Where its options came from: the last layer that named it ('preset:<name>', '<abs file>', 'user:<abs file>', 'cli'). */
  source: string
}

export interface ResolvedConfig {
  /** Project root: the directory of the project config file, else cwd. */
  root: string
  /** The project config file that was loaded, if any. */
  filepath?: string
  config: Required<Pick<MmmConfig, 'grants' | 'state' | 'sandbox' | 'claude' | 'mcp'>> & MmmConfig
  /** Deduplicated by specifier, in order of first appearance; a later layer's options win. */
  plugins: NormalizedPlugin[]
  /** Dotted key path -> 'default' | 'preset:<name>' | '<abs file>' | 'user:<abs file>' | 'env:MMM_X' | 'cli'. */
  sources: Record<string, string>
}

export interface LoadConfigOptions {
  cwd: string
  /** An explicit config file (relative to cwd); no search happens then. */
  configFile?: string
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv
  /** Base dir of the user-global config (<dir>/mmm/config.*); defaults to $XDG_CONFIG_HOME or ~/.config; false disables it. */
  userConfigDir?: string | false
  /** The highest layer: values given on the command line. */
  overrides?: MmmConfig
}

/** What a config or preset module's default export receives when it is a function. */
export interface ConfigContext {
  cwd: string
  env: NodeJS.ProcessEnv
}
