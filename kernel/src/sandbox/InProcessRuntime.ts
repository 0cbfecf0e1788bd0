// sandbox: "off" — runs a plugin in the kernel's own process, for debugging only (breakpoints and real
// stack traces). Same guest runtime and capability checks, but no isolate: the plugin can reach Node.
import { existsSync, readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { compileFunction } from 'node:vm'
import { MmmError, errors, type SerializedError } from '../errors.ts'
import type { InvokeKind } from './protocol.ts'
import { CapGate } from './CapGate.ts'
import type { InvokeOptions, PluginRuntimeOptions } from './PluginRuntime.ts'
import { parseManifest } from './PluginManifest.ts'
import type { PluginManifest } from './PluginManifest.ts'
import type { SandboxRuntime } from './SandboxRuntime.ts'

type Dispatch = (op: string, ...args: unknown[]) => unknown

export class InProcessRuntime implements SandboxRuntime {
  readonly name: string
  readonly restarts = 0
  readonly pid = undefined
  private readonly opts: PluginRuntimeOptions & { entryPath: string }
  private dispatch: Dispatch | undefined
  private manifest: Promise<PluginManifest> | undefined
  private calls = new Map<number, { opts: InvokeOptions; depth: number }>()
  /** Result envelopes the guest hands back through its result reference, by invocation id (0: the load). */
  private results = new Map<number, (envelope: string) => void>()
  private nextId = 1
  private readonly gate: CapGate

  constructor(opts: PluginRuntimeOptions & { entryPath: string }) {
    this.opts = opts
    this.name = opts.name
    this.gate = new CapGate({ plugin: opts.name, onCap: opts.onCap })
  }

  start(): Promise<PluginManifest> {
    this.manifest ??= this.load()
    return this.manifest
  }

  async invoke(kind: InvokeKind, name: string, input: unknown, opts: InvokeOptions, depth = 0): Promise<unknown> {
    if (opts.signal?.aborted) throw errors.cancelled(`${this.name}.${name}`)
    await this.start()
    const id = this.nextId++
    this.calls.set(id, { opts, depth })
    const onAbort = () => void this.dispatch!('cancel', id)
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    let timer: NodeJS.Timeout | undefined
    try {
      const run = this.resultOf(id, () => this.dispatch!('invoke', id, kind, name, JSON.stringify(input ?? null), opts.caller))
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(errors.timeout(this.name, `${kind} "${name}"`, opts.timeoutMs)), opts.timeoutMs)
      })
      const cancelled = new Promise<never>((_, reject) => opts.signal?.addEventListener('abort', () => reject(errors.cancelled(`${kind} "${this.name}.${name}"`)), { once: true }))
      const env = JSON.parse(await Promise.race([run, limit, cancelled])) as { ok: boolean; value?: unknown; error?: SerializedError }
      if (env.ok) return env.value
      throw new MmmError(env.error?.code ?? 'MMM_PLUGIN_ERROR', env.error?.message ?? 'the plugin failed', { plugin: this.name })
    } finally {
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
      this.calls.delete(id)
      this.results.delete(id)
    }
  }

  /** Starts an entry and waits for the envelope it reports (guest/runtime.js answers through $4). */
  private resultOf(id: number, start: () => void): Promise<string> {
    return new Promise<string>((resolve) => {
      this.results.set(id, resolve)
      start()
    })
  }

  async close(): Promise<void> {}

  private async load(): Promise<PluginManifest> {
    this.opts.onLog({ level: 'warn', message: `plugin "${this.name}" runs WITHOUT a sandbox (sandbox: "off"): it has full access to this machine. Use this for debugging only.`, callId: null })
    // ./guest from the sources, ../guest from the built CLI's chunks.
    const source = readFileSync(['./guest/runtime.js', '../guest/runtime.js'].map((f) => new URL(f, import.meta.url)).find((u) => existsSync(u))!, 'utf8')
    const make = compileFunction(source, ['$0', '$1', '$2', '$3', '$4'], { filename: 'mmm-guest-runtime.js' }) as (...a: unknown[]) => Dispatch
    // The same three references an isolate gets, as plain objects.
    const hostCall = { applySync: (_: unknown, [reqId, , json]: [number, number | null, string]) => void this.serveCap(json).then((res) => this.dispatch!('answer', reqId, res)) }
    const hostNotice = { applySync: (_: unknown, [json]: [string]) => this.onNotice(json) }
    const hostResult = { applySync: (_: unknown, [id, envelope]: [number, string]) => this.results.get(id)?.(envelope) }
    const dispatch = make(hostCall, hostNotice, this.opts.maxResultBytes, false, hostResult)
    this.dispatch = dispatch
    const ns = (await import(`${pathToFileURL(this.opts.entryPath).href}?sha=${Date.now()}`)) as unknown
    const loaded = await this.resultOf(0, () => dispatch('load', ns, JSON.stringify(this.opts.meta)))
    this.results.delete(0)
    const env = JSON.parse(loaded) as { ok: boolean; value?: unknown; error?: SerializedError }
    if (!env.ok) throw new MmmError(env.error?.code ?? 'MMM_BAD_MANIFEST', env.error?.message ?? 'setup failed', { plugin: this.name })
    return parseManifest(this.name, JSON.stringify(env.value))
  }

  private serveCap(json: string): Promise<string> {
    return this.gate.serve(json, (callId) => {
      const call = this.calls.get(callId)
      return call && { caller: call.opts.caller, depth: call.depth, ...(call.opts.signal ? { signal: call.opts.signal } : {}), ...(call.opts.onProgress ? { progress: call.opts.onProgress } : {}) }
    })
  }

  private onNotice(json: string): void {
    const n = JSON.parse(json) as { kind: string; callId?: number | null; id?: number; ms?: number; level?: RuntimeLevel; message?: string; data?: unknown; progress?: number; total?: number }
    if (n.kind === 'progress' && typeof n.callId === 'number') {
      this.calls.get(n.callId)?.opts.onProgress?.({ progress: n.progress ?? 0, ...(n.total !== undefined ? { total: n.total } : {}), ...(n.message !== undefined ? { message: n.message } : {}) })
    } else if (n.kind === 'log') {
      this.opts.onLog({ level: n.level ?? 'info', message: String(n.message ?? ''), data: n.data, callId: typeof n.callId === 'number' ? n.callId : null })
    }
  }
}

type RuntimeLevel = 'debug' | 'info' | 'warn' | 'error'
