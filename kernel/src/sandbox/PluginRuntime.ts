// The kernel's side of one sandboxed plugin: a supervised child process holding the plugin's isolate.
// It owns the watchdog (isolated-vm's own timeout misses never-settling promises and async loops),
// restarts the host after a crash with backoff, and answers capability calls through `onCap`.
import type { ChildProcess } from 'node:child_process'
import { MmmError, errors, type SerializedError } from '../errors.ts'
import type { FromHost, InvokeKind, ToHost } from './protocol.ts'
import { parseManifest, type PluginManifest } from './PluginManifest.ts'
import type { SandboxRuntime } from './SandboxRuntime.ts'
import { CapGate } from './CapGate.ts'
import { hostHeapMb, takeHost } from './hostProcess.ts'
import { RateLimiter } from './RateLimiter.ts'

export interface CapRequest {
  callId: number | null
  method: string
  args: unknown[]
}

export interface CapCallContext {
  /** Who called the tool that makes this request (null for setup and hooks). */
  caller: string | null
  depth: number
  signal?: AbortSignal
  /** The calling tool's progress reporter (streamed Claude output reaches the caller through it). */
  progress?: (p: { progress: number; total?: number; message?: string }) => void
}

export interface InvokeOptions {
  caller: string
  timeoutMs: number
  signal?: AbortSignal
  onProgress?: (p: { progress: number; total?: number; message?: string; stream?: boolean }) => void
}

export interface RuntimeLog {
  level: 'debug' | 'info' | 'warn' | 'error'
  message: string
  data?: unknown
  callId: number | null
}

export interface PluginRuntimeOptions {
  name: string
  code: string
  meta: Record<string, unknown>
  memoryLimitMb: number
  maxResultBytes: number
  loadTimeoutMs: number
  onCap: (req: CapRequest, ctx: CapCallContext) => Promise<unknown>
  onLog: (log: RuntimeLog) => void
  /** Max capability calls per second (burst = 2×) and in flight at once. */
  capRatePerSec?: number
  capMaxInFlight?: number
  maxCapRequestBytes?: number
}

interface Invocation {
  resolve: (v: unknown) => void
  reject: (e: MmmError) => void
  opts: InvokeOptions
  depth: number
  cleanup: () => void
}

let nextInvocation = 1

/** How long close() waits for cancelled calls still cleaning up (below `mmm jobs cancel`'s 5 s before SIGKILL). */
const CLEANUP_GRACE_MS = 3_000

export class PluginRuntime implements SandboxRuntime {
  readonly name: string
  private child: ChildProcess | undefined
  private starting: Promise<PluginManifest> | undefined
  private invocations = new Map<number, Invocation>()
  /** Cancelled calls whose handler still runs (it saw call.signal abort and may be cleaning up). */
  private cleaningUp = new Set<number>()
  private onCleanedUp: (() => void) | undefined
  private failures = 0
  private lastFailureAt = 0
  private fatal: SerializedError | undefined
  private closed = false
  private readonly gate: CapGate
  private readonly noticeLimiter = new RateLimiter(2000, 4000)
  restarts = 0

  private readonly opts: PluginRuntimeOptions

  constructor(opts: PluginRuntimeOptions) {
    this.opts = opts
    this.name = opts.name
    this.gate = new CapGate({ plugin: opts.name, onCap: opts.onCap, ...(opts.capRatePerSec ? { ratePerSec: opts.capRatePerSec } : {}), ...(opts.capMaxInFlight ? { maxInFlight: opts.capMaxInFlight } : {}), ...(opts.maxCapRequestBytes ? { maxRequestBytes: opts.maxCapRequestBytes } : {}) })
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  /** Starts the host (once; again after a crash, with backoff) and loads the plugin. */
  start(): Promise<PluginManifest> {
    if (this.closed) return Promise.reject(errors.crashed(this.name, 'the kernel is closed'))
    this.starting ??= this.spawnAndLoad().catch((e: unknown) => {
      this.starting = undefined
      this.kill()
      throw e
    })
    return this.starting
  }

  async invoke(kind: InvokeKind, name: string, input: unknown, opts: InvokeOptions, depth = 0): Promise<unknown> {
    if (opts.signal?.aborted) throw errors.cancelled(`${this.name}.${name}`)
    await this.start()
    const child = this.child
    if (!child) throw errors.crashed(this.name, 'no host process')
    const id = nextInvocation++
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(errors.timeout(this.name, `${kind} "${name}"`, opts.timeoutMs))
        this.invocations.delete(id)
        // The only sure way to stop a runaway isolate (sync loop past a promise, async loop of host calls).
        this.restartAfter('a call timed out')
      }, opts.timeoutMs)
      const onAbort = () => {
        this.invocations.delete(id)
        cleanup()
        if (this.post({ t: 'cancel', id })) this.cleaningUp.add(id)
        reject(errors.cancelled(`${kind} "${this.name}.${name}"`))
      }
      const cleanup = () => {
        clearTimeout(timer)
        opts.signal?.removeEventListener('abort', onAbort)
      }
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      this.invocations.set(id, { resolve, reject, opts, depth, cleanup })
      if (!this.post({ t: 'invoke', id, kind, name, input: JSON.stringify(input ?? null), caller: opts.caller, cpuTimeoutMs: opts.timeoutMs })) {
        this.invocations.delete(id)
        cleanup()
        reject(errors.crashed(this.name, 'its host process exited before the call could be sent'))
      }
    })
  }

  /** Stops the host; a cancelled call still cleaning up gets a moment (CLEANUP_GRACE_MS) to finish first. */
  async close(): Promise<void> {
    this.closed = true
    if (this.cleaningUp.size && this.running) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, CLEANUP_GRACE_MS)
        this.onCleanedUp = () => { if (!this.cleaningUp.size) done() }
        function done() { clearTimeout(timer); resolve() }
      })
      this.onCleanedUp = undefined
    }
    this.kill()
  }

  private async spawnAndLoad(): Promise<PluginManifest> {
    const wait = this.failures === 0 ? 0 : Math.min(100 * 2 ** (this.failures - 1), 5_000) - (Date.now() - this.lastFailureAt)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    this.fatal = undefined
    const child = takeHost(hostHeapMb(this.opts.memoryLimitMb))
    this.child = child
    // A plugin host must never write to our stdout (MCP stdio speaks JSON-RPC there): forward as logs.
    child.stdout?.on('data', (d: Buffer) => this.opts.onLog({ level: 'info', message: d.toString('utf8').trimEnd(), callId: null }))
    child.stderr?.on('data', (d: Buffer) => this.opts.onLog({ level: 'warn', message: d.toString('utf8').trimEnd(), callId: null }))
    child.on('message', (m: FromHost) => this.onMessage(m))
    child.on('exit', (code, signal) => this.onExit(child, code, signal))
    child.on('error', () => {})
    const manifest = await new Promise<PluginManifest>((resolve, reject) => {
      const timer = setTimeout(() => reject(errors.timeout(this.name, 'loading', this.opts.loadTimeoutMs)), this.opts.loadTimeoutMs + 2_000)
      this.onLoaded = (m, e) => {
        clearTimeout(timer)
        this.onLoaded = undefined
        if (e) reject(e)
        else resolve(m!)
      }
      this.post({ t: 'load', code: this.opts.code, meta: JSON.stringify(this.opts.meta), limits: { memoryLimitMb: this.opts.memoryLimitMb, maxResultBytes: this.opts.maxResultBytes, loadTimeoutMs: this.opts.loadTimeoutMs } })
    })
    return manifest
  }

  private onLoaded: ((m: PluginManifest | undefined, e?: MmmError) => void) | undefined

  private onMessage(m: FromHost): void {
    switch (m.t) {
      case 'batch':
        for (const one of Array.isArray(m.msgs) ? m.msgs : []) if (one?.t !== 'batch') this.onMessage(one)
        return
      case 'loaded':
        try {
          this.onLoaded?.(parseManifest(this.name, m.manifest))
        } catch (e) {
          this.onLoaded?.(undefined, e as MmmError)
        }
        return
      case 'load-failed':
        this.onLoaded?.(undefined, new MmmError(m.error.code, m.error.message, { plugin: this.name }))
        return
      case 'result': {
        if (this.cleaningUp.delete(m.id)) this.onCleanedUp?.()
        const inv = this.invocations.get(m.id)
        if (!inv) return
        this.invocations.delete(m.id)
        inv.cleanup()
        this.failures = 0
        const env = safeParse(m.result) as { ok?: boolean; value?: unknown; error?: SerializedError } | undefined
        if (env?.ok === true) inv.resolve(env.value)
        else {
          const e = env?.error
          inv.reject(new MmmError(typeof e?.code === 'string' ? e.code : 'MMM_PLUGIN_ERROR', typeof e?.message === 'string' ? e.message : 'the plugin failed', { plugin: this.name }))
        }
        return
      }
      case 'cap':
        void this.serveCap(m.reqId, m.req)
        return
      case 'notice':
        this.onNotice(m.notice)
        return
      case 'fatal':
        // The host is going down (its isolate is gone): stop routing calls to it right away.
        this.fatal = { code: m.code, message: m.message }
        this.discard(m.code === 'MMM_PLUGIN_OOM' ? errors.oom(this.name, this.opts.memoryLimitMb) : errors.crashed(this.name, m.message))
        return
    }
  }

  private async serveCap(reqId: number, raw: string): Promise<void> {
    const result = await this.gate.serve(raw, (callId) => {
      const inv = this.invocations.get(callId)
      return inv && { caller: inv.opts.caller, depth: inv.depth, ...(inv.opts.signal ? { signal: inv.opts.signal } : {}), ...(inv.opts.onProgress ? { progress: inv.opts.onProgress } : {}) }
    })
    this.post({ t: 'cap-result', reqId, result })
  }

  private onNotice(raw: string): void {
    if (!this.noticeLimiter.take()) return
    const n = safeParse(raw) as { kind?: string; callId?: number | null; level?: string; message?: string; data?: unknown; progress?: number; total?: number } | undefined
    if (!n) return
    if (n.kind === 'progress' && typeof n.callId === 'number') {
      const inv = this.invocations.get(n.callId)
      if (!inv?.opts.onProgress || !Number.isFinite(n.progress)) return
      inv.opts.onProgress({ progress: n.progress!, ...(Number.isFinite(n.total) ? { total: n.total } : {}), ...(typeof n.message === 'string' ? { message: n.message.slice(0, 1000) } : {}) })
    } else if (n.kind === 'log') {
      const level = n.level === 'debug' || n.level === 'warn' || n.level === 'error' ? n.level : 'info'
      this.opts.onLog({ level, message: String(n.message ?? '').slice(0, 10_000), data: n.data, callId: typeof n.callId === 'number' ? n.callId : null })
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return
    const why = this.fatal ? this.fatal.message : signal ? `killed by ${signal}` : `exit code ${code}`
    this.discard(this.fatal?.code === 'MMM_PLUGIN_OOM' ? errors.oom(this.name, this.opts.memoryLimitMb) : errors.crashed(this.name, why))
  }

  /** Drops the current host at once (before its exit event) so the next call starts a fresh one. */
  private discard(err: MmmError): void {
    const child = this.child
    this.child = undefined
    this.starting = undefined
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    this.cleaningUp.clear()
    this.onCleanedUp?.()
    if (this.closed) return
    this.failures++
    this.lastFailureAt = Date.now()
    this.restarts++
    this.onLoaded?.(undefined, err)
    for (const [id, inv] of this.invocations) {
      this.invocations.delete(id)
      inv.cleanup()
      inv.reject(err)
    }
  }

  private restartAfter(why: string): void {
    this.discard(errors.crashed(this.name, `restarted because ${why}`))
  }

  private kill(): void {
    const child = this.child
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }

  /** Messages for a host, sent together once this turn of the event loop has queued all of its own. */
  private outbox: { child: ChildProcess; msgs: ToHost[] } | undefined

  /** Queues a message for the host; false when it is gone (its exit handler fails whatever was in flight). */
  private post(msg: ToHost): boolean {
    const child = this.child
    if (!child?.connected) return false
    // The load goes at once: the host compiles the bundle while this process goes on (validating the first
    // call's input, which may take a while).
    if (msg.t === 'load') {
      child.send(msg, (err) => { if (err) this.kill() })
      return true
    }
    // 32 calls in flight start in bursts: one IPC write for a burst instead of one per call (a write to the
    // channel costs more than the dispatcher's work for a small call).
    if (this.outbox?.child === child) {
      this.outbox.msgs.push(msg)
      return true
    }
    const box = { child, msgs: [msg] }
    this.outbox = box
    setImmediate(() => this.flushOutbox(box))
    return true
  }

  private flushOutbox(box: { child: ChildProcess; msgs: ToHost[] }): void {
    if (this.outbox === box) this.outbox = undefined
    const { child, msgs } = box
    // A host replaced since (crashed, restarted) never gets the old one's messages: those calls have failed.
    if (this.child !== child || !child.connected) return
    child.send(msgs.length === 1 ? msgs[0]! : { t: 'batch', msgs }, (err) => { if (err) this.kill() })
  }
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}
