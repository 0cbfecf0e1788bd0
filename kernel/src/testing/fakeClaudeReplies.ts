// The bodies the fake Messages API answers with: a Message, or the SSE events the real API streams.
import type { ServerResponse } from 'node:http'
import type { CacheUsage } from './fakePromptCache.ts'
import { fakeTokens } from './fakePromptCache.ts'

/** A normal answer: text and/or tool calls. */
export interface FakeAnswer {
  /** The answer's text (default: "echo: <last user text>"). */
  text?: string
  /** Tool calls the model makes (stop_reason becomes "tool_use"). */
  toolUse?: Array<{ name: string; input: unknown; id?: string }>
  stopReason?: string
  /** Output tokens to report (default: counted from the text). */
  outputTokens?: number
  /** Pause between streamed chunks. */
  chunkDelayMs?: number
}

/** An HTTP error: 429 (with retryAfter seconds), 529 overloaded, 500, 401, 400 … */
export interface FakeError {
  error: { status: number; type: string; message?: string; details?: Record<string, unknown> }
  retryAfter?: number
  /** Sets the x-should-retry header the SDK obeys. */
  shouldRetry?: boolean
}

/** Streams `text` (may be empty), then an SSE error event (e.g. overloaded_error) and ends. */
export interface FakeMidStreamError {
  midStreamError: { type: string; message?: string }
  text?: string
}

/** Sends the headers (and `text` when streaming), then never another byte. */
export interface FakeStall {
  stall: true
  text?: string
}

/** One scripted answer of the fake server to a POST /v1/messages. */
export type FakeReply = FakeAnswer | FakeError | FakeMidStreamError | FakeStall

export interface BuiltAnswer {
  message: Record<string, unknown>
  /** Text pieces in stream order, per content block. */
  blocks: Array<{ type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown }>
}

let nextId = 1

export function buildAnswer(reply: FakeAnswer, body: Record<string, unknown>, usage: CacheUsage): BuiltAnswer {
  const blocks: BuiltAnswer['blocks'] = []
  const text = reply.text ?? (reply.toolUse?.length ? undefined : `echo: ${lastUserText(body)}`)
  if (text !== undefined) blocks.push({ type: 'text', text })
  for (const t of reply.toolUse ?? []) blocks.push({ type: 'tool_use', id: t.id ?? `toolu_fake_${nextId++}`, name: t.name, input: t.input })
  const output = reply.outputTokens ?? fakeTokens(blocks.map((b) => (b.type === 'text' ? b.text : JSON.stringify(b.input))).join(''))
  const message = {
    id: `msg_fake_${nextId++}`,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: blocks,
    stop_reason: reply.stopReason ?? (reply.toolUse?.length ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: { ...usage, output_tokens: output, cache_creation: null, inference_geo: null, output_tokens_details: null, server_tool_use: null, service_tier: 'standard', speed: null },
  }
  return { message, blocks }
}

/** Writes one SSE event. */
export function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
}

export function startStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': `req_fake_${nextId++}` })
}

/** Starts a stream that never finishes its message: message_start, then `text` (if any) as one delta. */
export function startPartialStream(res: ServerResponse, a: BuiltAnswer, text: string | undefined): void {
  startStream(res)
  sse(res, 'message_start', { type: 'message_start', message: { ...a.message, content: [], stop_reason: null } })
  if (!text) return
  sse(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })
  sse(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })
}

/** Streams a built answer as the real API does; `delayMs` between chunks. */
export async function streamAnswer(res: ServerResponse, a: BuiltAnswer, delayMs = 0): Promise<void> {
  const m = a.message as { usage: Record<string, unknown>; stop_reason: string }
  const wait = () => (delayMs > 0 ? new Promise((r) => setTimeout(r, delayMs)) : Promise.resolve())
  sse(res, 'message_start', { type: 'message_start', message: { ...a.message, content: [], stop_reason: null, usage: { ...m.usage, output_tokens: 1 } } })
  sse(res, 'ping', { type: 'ping' })
  for (const [index, b] of a.blocks.entries()) {
    if (res.destroyed) return
    if (b.type === 'text') {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } })
      for (const piece of chunks(b.text)) {
        await wait()
        if (res.destroyed) return
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } })
      }
    } else {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } })
      for (const piece of chunks(JSON.stringify(b.input))) {
        await wait()
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } })
      }
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index })
  }
  sse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: m.stop_reason, stop_sequence: null }, usage: { output_tokens: m.usage.output_tokens } })
  sse(res, 'message_stop', { type: 'message_stop' })
  res.end()
}

export function errorBody(e: { type: string; message?: string; details?: Record<string, unknown> }): Record<string, unknown> {
  return { type: 'error', error: { type: e.type, message: e.message ?? `fake ${e.type}`, ...(e.details ? { details: e.details } : {}) }, request_id: `req_fake_${nextId++}` }
}

function lastUserText(body: Record<string, unknown>): string {
  const msgs = (body.messages as Array<{ role: string; content: unknown }> | undefined) ?? []
  const last = [...msgs].reverse().find((m) => m.role === 'user')
  if (!last) return ''
  if (typeof last.content === 'string') return last.content
  if (Array.isArray(last.content)) return last.content.map((b: { type?: string; text?: string }) => (b.type === 'text' ? b.text : '')).join('')
  return ''
}

function chunks(text: string): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length; i += 12) out.push(text.slice(i, i + 12))
  return out.length ? out : ['']
}
