// Entry point of a plugin-host child process: one isolate for one plugin. It only shuttles JSON strings
// between the kernel (over IPC) and the isolate; every capability is checked and served by the kernel.
import ivm from 'isolated-vm'
import type { FromHost, LoadLimits, ToHost } from './protocol.ts'

// Built-ins by getBuiltinModule, not `import`: an ES import of node:fs builds its whole namespace, which loads
// fs/promises and readline too. This process starts without Node's snapshot (isolated-vm needs that), so each
// built-in module it loads is compiled from source: 11 fewer here, ~8 ms of the host's start.
const { readFileSync } = process.getBuiltinModule('node:fs')
const v8 = process.getBuiltinModule('node:v8')
const vm = process.getBuiltinModule('node:vm')

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

// What the guest sends while the host handles one message from the kernel (one entry into the isolate, or
// all the entries a batch of invocations makes) leaves in one IPC message: a write to the channel costs more
// than the guest's work for a small call. A capability request goes out at once (the guest may compute for
// long before its entry ends, and the kernel should work meanwhile), taking what waits with it, except a state
// write: that waits for the next message out, so a step's writes and its next request reach the kernel
// together (it commits such writes in one statement).
let outbox: FromHost[] | undefined

function send(msg: FromHost): void {
  if (outbox) outbox.push(msg)
  else process.send?.(msg)
}

/** Sends what waits; `keepBatching` leaves the outbox open for the rest of the entry. */
function flushOutbox(keepBatching = false): void {
  const msgs = outbox
  outbox = keepBatching ? [] : undefined
  if (!msgs?.length) return
  process.send?.(msgs.length === 1 ? msgs[0]! : { t: 'batch', msgs })
}

/** Runs `fn` with the outbox open (unless it already is), then sends what it queued. */
function batching(fn: () => void): void {
  if (outbox) return fn()
  outbox = []
  try {
    fn()
  } finally {
    flushOutbox()
  }
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

/** An entry running on the isolate's own thread (a large answer), and the entries that wait for it, in order. */
let digesting: Promise<void> | undefined
const waitingEntries: Array<() => void> = []

/** Size from which an answer is handed to the isolate on its own thread (see enter). */
const OWN_THREAD_BYTES = 256 * 1024

/**
 * Runs the guest until it has nothing left to do (its microtasks included). An entry is synchronous: the
 * isolate runs on this thread, so a call pays for no thread hop (an async apply costs two, ~90 µs). A large
 * answer (fs.readMany's) is the exception: the guest digests it on the isolate's own thread while this one
 * receives the next, and the entries that come meanwhile wait their turn. A run past `timeoutMs` fails the
 * invocation it continues; an isolate over its memory limit takes the host down.
 */
function enter(args: Array<string | number | null>, timeoutMs: number, callId?: number, large = false): void {
  const entry = dispatch
  if (!entry) return
  if (digesting) return void waitingEntries.push(() => enter(args, timeoutMs, callId, large))
  const failed = (e: unknown): void => {
    const c = classify(e)
    if (c.code === 'MMM_PLUGIN_OOM') return fatal(c.code, c.message)
    if (callId !== undefined && callTimeouts.delete(callId)) send({ t: 'result', id: callId, result: JSON.stringify({ ok: false, error: c }) })
  }
  if (large) {
    digesting = entry.apply(undefined, args, { timeout: timeoutMs }).then(() => {}, failed).finally(() => {
      digesting = undefined
      while (waitingEntries.length > 0 && !digesting) waitingEntries.shift()!()
    })
    return
  }
  batching(() => {
    try {
      // Strings and numbers only: isolated-vm copies them without a structured clone.
      entry.applySync(undefined, args, { timeout: timeoutMs })
    } catch (e) {
      failed(e)
    }
  })
}

const timeoutOf = (callId: number | undefined): number => (callId === undefined ? undefined : callTimeouts.get(callId)) ?? DEFAULT_ENTRY_TIMEOUT_MS

// ---- the host functions the guest calls (synchronously, from inside an entry) ----

function hostCall(reqId: number, callId: number | null, req: string, isStateWrite: boolean): void {
  if (typeof callId === 'number') requestOwner.set(reqId, callId)
  send({ t: 'cap', reqId, req })
  if (!isStateWrite && outbox) flushOutbox(true)
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
  // The results of a burst of invocations leave together too.
  if (msg.t === 'batch') batching(() => { for (const one of msg.msgs) if (one.t !== 'batch') handle(one) })
  else handle(msg)
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
      const large = msg.result.length >= OWN_THREAD_BYTES
      enter([large ? 'answerOnOwnThread' : 'answer', msg.reqId, msg.result], timeoutOf(owner), owner, large)
      collectAfter(msg.result.length)
      break
    }
  }
}

process.on('disconnect', () => process.exit(0))
// Ctrl-C in a terminal reaches the whole process group: the kernel decides when a host stops (a cancelled call
// may be cleaning up), and the host exits when the kernel goes away (disconnect above).
process.on('SIGINT', () => {})
