// Entry point of a plugin-host child process: one isolate for one plugin. It only shuttles JSON strings
// between the kernel (over IPC) and the isolate; every capability is checked and served by the kernel.
import { readFileSync } from 'node:fs'
import v8 from 'node:v8'
import vm from 'node:vm'
import ivm from 'isolated-vm'
import type { FromHost, LoadLimits, ToHost } from './protocol.ts'

const runtimeSource = readFileSync(new URL('./guest/runtime.js', import.meta.url), 'utf8')

let isolate: ivm.Isolate | undefined
let dispatch: ivm.Reference<(...args: unknown[]) => unknown> | undefined
let limits: LoadLimits | undefined
/** CPU time limit of each invocation in flight, for the entries that continue it. */
const callTimeouts = new Map<number, number>()
/** The invocation that made each capability request still unanswered (absent for setup's requests). */
const requestOwner = new Map<number, number>()
let onLoadResult: ((envelope: string) => void) | undefined
const DEFAULT_ENTRY_TIMEOUT_MS = 10_000

// What the guest sends during one entry leaves in one IPC message when the entry ends: a write to the channel
// costs more than the guest's work for a small call, and the kernel then sees a step's writes and its next
// request together (it commits such writes in one statement).
let outbox: FromHost[] | undefined

function send(msg: FromHost): void {
  if (outbox) outbox.push(msg)
  else process.send?.(msg)
}

function flushOutbox(): void {
  const msgs = outbox
  outbox = undefined
  if (!msgs?.length) return
  process.send?.(msgs.length === 1 ? msgs[0]! : { t: 'batch', msgs })
}

function fatal(code: string, message: string): void {
  flushOutbox()
  send({ t: 'fatal', code, message })
  // Give IPC a moment to flush, then go: the kernel restarts this host on the next call.
  setTimeout(() => process.exit(70), 20)
}

function classify(e: unknown): { code: string; message: string } {
  const message = e instanceof Error ? e.message : String(e)
  if (isolate?.isDisposed || /memory limit/i.test(message)) return { code: 'MMM_PLUGIN_OOM', message: `the plugin went over its memory limit of ${limits?.memoryLimitMb} MB` }
  if (/timed out/i.test(message)) return { code: 'MMM_PLUGIN_TIMEOUT', message: 'the plugin ran synchronously past its time limit' }
  return { code: 'MMM_PLUGIN_ERROR', message: message.slice(0, 4000) }
}

/**
 * Runs the guest on this thread until it has nothing left to do (its microtasks included). Every entry is
 * synchronous: the isolate never runs on its own, so no call pays for a thread hop. A run past `timeoutMs`
 * fails the invocation it continues; an isolate over its memory limit takes the host down.
 */
function enter(args: Array<string | number | null>, timeoutMs: number, callId?: number): void {
  if (!dispatch) return
  outbox = []
  try {
    // Strings and numbers only: isolated-vm copies them without a structured clone.
    dispatch.applySync(undefined, args, { timeout: timeoutMs })
  } catch (e) {
    const c = classify(e)
    if (c.code === 'MMM_PLUGIN_OOM') return fatal(c.code, c.message)
    if (callId !== undefined && callTimeouts.delete(callId)) send({ t: 'result', id: callId, result: JSON.stringify({ ok: false, error: c }) })
  } finally {
    flushOutbox()
  }
}

const timeoutOf = (callId: number | undefined): number => (callId === undefined ? undefined : callTimeouts.get(callId)) ?? DEFAULT_ENTRY_TIMEOUT_MS

// ---- the host functions the guest calls (synchronously, from inside an entry) ----

function hostCall(reqId: number, callId: number | null, req: string): void {
  if (typeof callId === 'number') requestOwner.set(reqId, callId)
  send({ t: 'cap', reqId, req })
}

function hostResult(id: number, envelope: string): void {
  if (id === 0) return onLoadResult?.(envelope)
  // A call that already failed here (it ran past its time limit) has been answered.
  if (!callTimeouts.delete(id)) return
  send({ t: 'result', id, result: typeof envelope === 'string' ? envelope : JSON.stringify({ ok: false, error: { code: 'MMM_PLUGIN_ERROR', message: 'the guest returned a non-string result' } }) })
}

function hostNotice(json: string): void {
  // Timers are served here (no round trip to the kernel); other notices go up.
  if (json.startsWith('{"kind":"timer"')) {
    const { id, ms } = JSON.parse(json) as { id: number; ms: number }
    setTimeout(() => enter(['timer', id], DEFAULT_ENTRY_TIMEOUT_MS), ms)
    return
  }
  send({ t: 'notice', notice: json })
}

async function load(code: string, meta: string, l: LoadLimits): Promise<void> {
  limits = l
  isolate = new ivm.Isolate({ memoryLimit: l.memoryLimitMb })
  const context = await isolate.createContext()
  enableHostGc()
  dispatch = (await context.evalClosure(runtimeSource, [new ivm.Reference(hostCall), new ivm.Reference(hostNotice), l.maxResultBytes, true, new ivm.Reference(hostResult)], {
    result: { reference: true },
    timeout: l.loadTimeoutMs,
  })) as ivm.Reference<(...args: unknown[]) => unknown>
  const mod = await isolate.compileModule(code, { filename: 'plugin.js' })
  await mod.instantiate(context, (specifier) => {
    throw new Error(`the bundle imports "${specifier}"; a plugin entry must be one self-contained ES module (bundle it with mmm plugin build)`)
  })
  await mod.evaluate({ timeout: l.loadTimeoutMs })
  const entry = dispatch
  const manifest = await new Promise<string>((resolve, reject) => {
    onLoadResult = resolve
    try {
      entry.applySync(undefined, ['load', mod.namespace.derefInto(), meta], { arguments: { copy: true }, timeout: l.loadTimeoutMs })
    } catch (e) {
      reject(e)
    }
  })
  onLoadResult = undefined
  const envelope = JSON.parse(manifest) as { ok: boolean; value?: unknown; error?: { code: string; message: string } }
  if (!envelope.ok) return send({ t: 'load-failed', error: envelope.error ?? { code: 'MMM_BAD_MANIFEST', message: 'setup failed' } })
  send({ t: 'loaded', manifest: JSON.stringify(envelope.value) })
}

// Answers copied into the isolate leave their host-side strings behind, and V8 does not feel the pressure
// of the isolate's memory: without a hint the host grows by the size of everything a plugin reads.
let copiedSinceGc = 0
let hostGc: (() => void) | undefined
function collectAfter(bytes: number): void {
  copiedSinceGc += bytes
  if (copiedSinceGc < 16 * 1024 * 1024) return
  copiedSinceGc = 0
  hostGc?.()
}

/** A gc() for this host only: taken after the plugin's isolate exists, so the isolate never gets one. */
function enableHostGc(): void {
  v8.setFlagsFromString('--expose-gc')
  hostGc = vm.runInNewContext('gc') as () => void
}

// isolated-vm crashes on Node 20+ without this flag; the kernel always passes it, so this guards misuse.
const snapshotOff = process.execArgv.includes('--no-node-snapshot')

process.on('message', (msg: ToHost) => {
  if (msg.t === 'batch') {
    for (const one of msg.msgs) if (one.t !== 'batch') handle(one)
  } else handle(msg)
})

function handle(msg: Exclude<ToHost, { t: 'batch' }>): void {
  if (!snapshotOff && msg.t === 'load') {
    return send({ t: 'load-failed', error: { code: 'MMM_NO_NODE_SNAPSHOT', message: 'the plugin host was started without --no-node-snapshot, which isolated-vm needs; start mmm with the mmm command' } })
  }
  switch (msg.t) {
    case 'load':
      load(msg.code, msg.meta, msg.limits).catch((e: unknown) => {
        const c = classify(e)
        send({ t: 'load-failed', error: { code: c.code === 'MMM_PLUGIN_ERROR' ? 'MMM_BAD_MANIFEST' : c.code, message: c.message } })
        if (c.code === 'MMM_PLUGIN_OOM') fatal(c.code, c.message)
      })
      break
    case 'invoke':
      if (!dispatch) return send({ t: 'result', id: msg.id, result: JSON.stringify({ ok: false, error: { code: 'MMM_PLUGIN_CRASHED', message: 'the plugin is not loaded' } }) })
      callTimeouts.set(msg.id, msg.cpuTimeoutMs)
      enter(['invoke', msg.id, msg.kind, msg.name, msg.input, msg.caller], msg.cpuTimeoutMs, msg.id)
      break
    case 'cancel':
      enter(['cancel', msg.id], 1000)
      break
    case 'cap-result': {
      const owner = requestOwner.get(msg.reqId)
      requestOwner.delete(msg.reqId)
      enter(['answer', msg.reqId, msg.result], timeoutOf(owner), owner)
      collectAfter(msg.result.length)
      break
    }
  }
}

process.on('disconnect', () => process.exit(0))
// Ctrl-C in a terminal reaches the whole process group: the kernel decides when a host stops (a cancelled call
// may be cleaning up), and the host exits when the kernel goes away (disconnect above).
process.on('SIGINT', () => {})
