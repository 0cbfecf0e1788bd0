// The one dispatcher (DESIGN §4): resolve → validate input → beforeCall → route into the owning
// plugin's isolate → validate output → afterCall → history.
import { randomUUID } from 'node:crypto'
import { MmmError, errors, toMmmError } from './errors.ts'
import type { CallRecord, KernelHooks } from './hooks.ts'
import type { Registry } from './registry/Registry.ts'
import type { SandboxRuntime } from './sandbox/SandboxRuntime.ts'
import type { HistoryStore } from './state/HistoryStore.ts'

export interface CallOptions {
  signal?: AbortSignal
  /** `stream`: the message is the next chunk of Claude's streamed text (progress counts its characters). */
  onProgress?: (p: { progress: number; total?: number; message?: string; stream?: boolean }) => void
  /** Who is calling: 'cli', 'mcp', 'plugin:<name>', 'test', ... (default 'api'). */
  caller?: string
  /** Record the call in the command history (default true). */
  history?: boolean
  /** Nesting depth for calls made by plugins (set by the kernel). */
  depth?: number
}

export interface DispatcherDeps {
  registry: Registry
  hooks: KernelHooks
  history: HistoryStore | undefined
  runtimeOf: (plugin: string) => SandboxRuntime
  defaultTimeoutMs: number
  onHistoryError: (e: unknown) => void
}

export function createDispatcher(d: DispatcherDeps) {
  return async function call(toolId: string, input: unknown = {}, o: CallOptions = {}): Promise<unknown> {
    const tool = d.registry.getTool(toolId)
    const caller = o.caller ?? 'api'
    const id = randomUUID()
    const started = Date.now()
    const t0 = performance.now()
    let outcome: CallRecord['outcome'] = 'ok'
    let failure: MmmError | undefined
    try {
      // A plugin whose sandbox is not running yet (cached manifest) boots while the input is validated: its host
      // loads the bundle on its own thread of work while ajv compiles the schema here.
      const runtime = d.runtimeOf(tool.plugin)
      const ready = runtime.start()
      ready.catch(() => {}) // awaited below, after validation
      // ajv fills defaults in place, and the caller's object is theirs: copy when the schema has any.
      const value = tool.hasDefaults ? structuredClone(input) : input
      const problems = d.registry.validatorsFor(tool).input(value)
      if (problems) throw errors.invalidInput(toolId, problems)
      const bail = await d.hooks.beforeCall.promise({ id, tool: toolId, input: value, caller })
      if (bail && 'veto' in bail) throw new MmmError('MMM_CALL_VETOED', `the call to "${toolId}" was refused: ${bail.veto.message}`, { tool: toolId })
      if (bail && 'result' in bail) return bail.result
      await ready
      const result = await runtime.invoke('tool', tool.name, value, {
        caller,
        timeoutMs: tool.timeoutMs ?? d.defaultTimeoutMs,
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      }, o.depth ?? 0)
      const out = d.registry.validatorsFor(tool).output?.(result)
      if (out) throw errors.invalidOutput(toolId, out)
      return result
    } catch (e) {
      failure = toMmmError(e, { plugin: tool.plugin, tool: toolId })
      outcome = failure.code === 'MMM_CANCELLED' ? 'cancelled' : 'error'
      throw failure
    } finally {
      const durationMs = Math.round((performance.now() - t0) * 1000) / 1000
      const record: CallRecord = { id, tool: toolId, caller, durationMs, outcome, ...(failure ? { error: { code: failure.code, message: failure.message } } : {}) }
      await d.hooks.afterCall.promise(record).catch(() => {})
      if (o.history !== false && d.history) {
        d.history.record({ tool: toolId, caller, startedAt: new Date(started).toISOString(), durationMs, outcome, ...(failure ? { errorCode: failure.code } : {}), input }, d.onHistoryError)
        // Back-pressure: a flood of calls waits for the database instead of piling up writes in memory. The
        // bound is loose (an entry is a few hundred bytes): a tight one stalls every call behind each batch.
        if (d.history.pending > 8192) await d.history.flush()
      }
    }
  }
}
