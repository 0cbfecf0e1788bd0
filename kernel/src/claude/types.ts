// The claude capability's shapes on the host side: requests as plugins send them, the body a provider
// sends, and what comes back (DESIGN §8).

export type Role = 'user' | 'assistant'

export type ContentBlock =
  | { type: 'text'; text: string; cache_control?: { type: 'ephemeral' } }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content?: string | Array<{ type: 'text'; text: string }>; is_error?: boolean }
  | { type: string; [k: string]: unknown }

export interface Message {
  role: Role
  content: string | ContentBlock[]
}

export interface ToolSpec {
  name: string
  description?: string
  input_schema: Record<string, unknown>
  cache_control?: { type: 'ephemeral' }
}

/** What a plugin passes to ctx.claude.message (validated by the host). */
export interface ClaudeMessageRequest {
  /** Picks the model from claude.tasks.<task> (else the default model). */
  task?: string
  /** An explicit model (overrides the task's). */
  model?: string
  system?: string | Array<{ type: 'text'; text: string }>
  /** The conversation; or give `prompt` for one user message. */
  messages?: Message[]
  prompt?: string
  tools?: ToolSpec[]
  tool_choice?: Record<string, unknown>
  max_tokens?: number
  temperature?: number
  stop_sequences?: string[]
  /** A JSON Schema the answer must satisfy: the result's `output` holds the parsed value. */
  schema?: Record<string, unknown>
  /** Answer from / store in the response cache (for deterministic calls). */
  cache?: boolean
  /** Forward text deltas to the caller as progress and events (default true). */
  stream?: boolean
  /** Count this call against a named run (default: the current mmm process or job). */
  run?: string
  /** Conversation memory: earlier exchanges of this session are sent along, and this one is kept. */
  session?: string
  /** claude-code only: working directory (inside the project) and permission mode. */
  cwd?: string
  permissionMode?: 'default' | 'acceptEdits' | 'bypassPermissions' | 'plan'
  /** This request's provider, whatever claude.provider says. */
  provider?: 'api' | 'claude-code'
}

/** The Messages API body a provider sends. */
export interface ProviderRequest {
  model: string
  max_tokens: number
  system?: string | Array<{ type: 'text'; text: string; cache_control?: { type: 'ephemeral' } }>
  messages: Message[]
  tools?: ToolSpec[]
  tool_choice?: Record<string, unknown>
  temperature?: number
  stop_sequences?: string[]
}

export interface ClaudeUsage {
  inputTokens: number
  outputTokens: number
  cacheWriteTokens: number
  cacheReadTokens: number
}

export interface ProviderResult {
  id: string
  model: string
  content: ContentBlock[]
  stopReason: string | null
  usage: ClaudeUsage
  /** What the provider itself reports the call cost (the claude CLI does). */
  costUsd?: number
}

export interface ClaudeResult extends ProviderResult {
  provider: 'api' | 'claude-code'
  /** All text blocks joined. */
  text: string
  toolUses: Array<{ id: string; name: string; input: unknown }>
  costUsd: number
  /** Served from the response cache (nothing was sent, nothing spent). */
  cached: boolean
  /** The parsed, validated answer when the request had a `schema`. */
  output?: unknown
  durationMs: number
  run: string
}

export type StreamDelta = { type: 'text'; text: string } | { type: 'tool_use'; name: string } | { type: 'retry'; attempt: number; reason: string }

export interface ProviderCall {
  signal?: AbortSignal
  /** Deltas as they arrive (undefined: nobody listens, so a broken stream may be retried from scratch). */
  onDelta?: (d: StreamDelta) => void
  cwd?: string
  permissionMode?: string
}

export interface ModelInfo {
  id: string
  displayName: string
  createdAt?: string
}

export interface ClaudeProvider {
  readonly name: 'api' | 'claude-code'
  message(req: ProviderRequest, call: ProviderCall): Promise<ProviderResult>
  /** Input tokens of a request, or undefined when the provider cannot count (a local estimate is used). */
  countTokens(req: ProviderRequest): Promise<number | undefined>
  models(): Promise<ModelInfo[]>
}

export function emptyUsage(): ClaudeUsage {
  return { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 }
}
