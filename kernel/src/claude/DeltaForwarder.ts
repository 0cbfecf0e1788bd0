// Streamed text reaches the caller as progress (CLI, MCP progress notifications) and as "claude:delta"
// events on the event hook (the monitor), coalesced so a fast stream is a few messages a second, not
// one per token.
import type { KernelHooks } from '../hooks.ts'
import type { StreamDelta } from './types.ts'

export type ProgressFn = (p: { progress: number; total?: number; message?: string; stream?: boolean }) => void

export class DeltaForwarder {
  private buffer = ''
  private chars = 0
  private timer: NodeJS.Timeout | undefined
  private readonly o: { plugin: string; hooks: KernelHooks; onProgress?: ProgressFn | undefined; intervalMs?: number }

  constructor(o: { plugin: string; hooks: KernelHooks; onProgress?: ProgressFn | undefined; intervalMs?: number }) {
    this.o = o
  }

  readonly onDelta = (d: StreamDelta): void => {
    if (d.type === 'text') {
      this.buffer += d.text
      this.chars += d.text.length
      if (this.buffer.length >= 2048) this.flush()
      else this.timer ??= setTimeout(() => this.flush(), this.o.intervalMs ?? 50)
      return
    }
    this.flush()
    this.emit(d.type === 'tool_use' ? { kind: 'tool_use', name: d.name } : { kind: 'retry', attempt: d.attempt, reason: d.reason })
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (!this.buffer) return
    const text = this.buffer
    this.buffer = ''
    this.o.onProgress?.({ progress: this.chars, message: text, stream: true })
    this.emit({ kind: 'text', text })
  }

  private emit(payload: Record<string, unknown>): void {
    void this.o.hooks.event.promise({ name: 'claude:delta', payload: { plugin: this.o.plugin, ...payload }, source: 'kernel', time: new Date().toISOString() }).catch(() => {})
  }
}
