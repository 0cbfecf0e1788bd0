// The claude capability's shapes on the host side: requests as plugins send them, the body a provider
// sends, and what comes back (DESIGN §8).

import type { ClaudeRequest } from '../plugin/types.ts'

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

/** What a plugin passes to ctx.claude.message (validated by the host): the guest API's request, one definition. */
export type ClaudeMessageRequest = ClaudeRequest

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
