// The gate every capability request from a plugin passes: size and rate limits, shape check, and the
// answer as a JSON envelope. Used by both runtimes (sandboxed and in-process).
import { MmmError, errors } from '../errors.ts'
import { RateLimiter } from './RateLimiter.ts'
import { encodeTextBatch, isTextBatch } from './textBatch.ts'
import type { CapCallContext, CapRequest } from './PluginRuntime.ts'

export interface CapGateOptions {
  plugin: string
  onCap: (req: CapRequest, ctx: CapCallContext) => Promise<unknown>
  /** Capability calls per second (burst = 2×; faster ones wait their turn), in flight at once (waiting included), and bytes per request. */
  ratePerSec?: number
  maxInFlight?: number
  maxRequestBytes?: number
}

export class CapGate {
  private readonly o: Required<CapGateOptions>
  private readonly limiter: RateLimiter
  private inFlight = 0

  constructor(o: CapGateOptions) {
    this.o = { ratePerSec: 2000, maxInFlight: 256, maxRequestBytes: 32 * 1024 * 1024, ...o }
    this.limiter = new RateLimiter(this.o.ratePerSec, this.o.ratePerSec * 2)
  }

  /** Serves one raw request; `contextOf` gives the calling invocation's context, or undefined when it has ended. */
  async serve(raw: string, contextOf: (callId: number) => CapCallContext | undefined): Promise<string> {
    try {
      const { plugin, maxRequestBytes, ratePerSec, maxInFlight } = this.o
      if (raw.length > maxRequestBytes) throw new MmmError('MMM_PAYLOAD_TOO_LARGE', `a capability call of plugin "${plugin}" is ${raw.length} bytes; the limit is ${maxRequestBytes}`)
      // Calls waiting for their turn count as in flight: a flood fails here, a fast plugin is only slowed down.
      if (this.inFlight >= maxInFlight) throw new MmmError('MMM_RATE_LIMITED', `plugin "${plugin}" has ${this.inFlight} capability calls in flight (${this.limiter.queued} waiting for the rate of ${ratePerSec}/s); the limit is ${maxInFlight}`)
      const req = parseCapRequest(raw)
      this.inFlight++
      try {
        // Past the rate, a call waits its turn (in order) rather than failing: a workflow of thousands of fast
        // steps must finish, just no faster than the rate allows.
        const turn = this.limiter.acquire()
        if (turn) await turn
        const ctx = req.callId === null ? { caller: null, depth: 0 } : contextOf(req.callId)
        if (!ctx) throw errors.cancelled('the call that made this request')
        const value = await this.o.onCap(req, ctx)
        return isTextBatch(value) ? encodeTextBatch(value) : JSON.stringify({ ok: true, value: value ?? null })
      } finally {
        this.inFlight--
      }
    } catch (e) {
      const err = e instanceof MmmError ? e : new MmmError('MMM_INTERNAL', e instanceof Error ? e.message : String(e))
      return JSON.stringify({ ok: false, error: { code: err.code, message: err.message } })
    }
  }
}

function parseCapRequest(raw: string): CapRequest {
  let r: Partial<CapRequest> | undefined
  try {
    r = JSON.parse(raw) as Partial<CapRequest>
  } catch {
    r = undefined
  }
  if (!r || typeof r.method !== 'string' || !Array.isArray(r.args) || !(r.callId === null || typeof r.callId === 'number')) {
    throw new MmmError('MMM_INVALID_INPUT', 'malformed capability request')
  }
  return { callId: r.callId, method: r.method, args: r.args }
}
