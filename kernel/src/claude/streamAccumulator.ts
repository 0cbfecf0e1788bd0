// Folds the Messages API's stream events into the final message, and names the delta worth forwarding.
import type { ContentBlock, ProviderResult, StreamDelta } from './types.ts'
import { emptyUsage } from './types.ts'

interface RawEvent {
  type: string
  index?: number
  message?: { id?: string; model?: string; usage?: Record<string, number | null> }
  content_block?: ContentBlock
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null }
  usage?: Record<string, number | null>
}

export class StreamAccumulator {
  done = false
  private id = ''
  private model = ''
  private stopReason: string | null = null
  private readonly blocks: ContentBlock[] = []
  private readonly json = new Map<number, string>()
  private readonly usage = emptyUsage()

  /** Takes one event; returns the delta to forward, if any. */
  add(ev: RawEvent): StreamDelta | undefined {
    switch (ev.type) {
      case 'message_start':
        this.id = ev.message?.id ?? ''
        this.model = ev.message?.model ?? ''
        this.takeUsage(ev.message?.usage)
        return undefined
      case 'content_block_start': {
        const b = ev.content_block ?? { type: 'text', text: '' }
        this.blocks[ev.index ?? this.blocks.length] = b.type === 'tool_use' ? { ...b, input: {} } : { ...b }
        return b.type === 'tool_use' ? { type: 'tool_use', name: String((b as { name?: unknown }).name) } : undefined
      }
      case 'content_block_delta': {
        const i = ev.index ?? 0
        const b = this.blocks[i]
        if (ev.delta?.type === 'text_delta' && b && b.type === 'text') {
          ;(b as { text: string }).text += ev.delta.text ?? ''
          return { type: 'text', text: ev.delta.text ?? '' }
        }
        if (ev.delta?.type === 'input_json_delta') this.json.set(i, (this.json.get(i) ?? '') + (ev.delta.partial_json ?? ''))
        return undefined
      }
      case 'content_block_stop': {
        const i = ev.index ?? 0
        const b = this.blocks[i]
        const raw = this.json.get(i)
        if (b && b.type === 'tool_use' && raw) {
          try {
            ;(b as { input: unknown }).input = JSON.parse(raw)
          } catch {
            ;(b as { input: unknown }).input = {}
          }
        }
        return undefined
      }
      case 'message_delta':
        this.stopReason = ev.delta?.stop_reason ?? this.stopReason
        this.takeUsage(ev.usage)
        return undefined
      case 'message_stop':
        this.done = true
        return undefined
      default:
        return undefined
    }
  }

  /** Whether any part of the answer (text or a tool call) has started. */
  get started(): boolean {
    return this.blocks.length > 0
  }

  result(): ProviderResult {
    return { id: this.id, model: this.model, content: this.blocks.filter(Boolean), stopReason: this.stopReason, usage: { ...this.usage } }
  }

  private takeUsage(u: Record<string, number | null> | undefined): void {
    if (!u) return
    if (typeof u.input_tokens === 'number') this.usage.inputTokens = u.input_tokens
    if (typeof u.output_tokens === 'number') this.usage.outputTokens = u.output_tokens
    if (typeof u.cache_creation_input_tokens === 'number') this.usage.cacheWriteTokens = u.cache_creation_input_tokens
    if (typeof u.cache_read_input_tokens === 'number') this.usage.cacheReadTokens = u.cache_read_input_tokens
  }
}
