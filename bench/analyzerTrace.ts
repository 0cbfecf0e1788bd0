// Preloaded into the CLI (`node --import bench/analyzerTrace.ts kernel/dist/mmm.js analyze …`) to see where
// `mmm analyze` spends its time without touching the kernel: it timestamps every IPC message between the
// kernel and the plugin host (load, invoke, each capability request and its answer with their sizes) and
// writes them to $MMM_BENCH_TRACE when the process exits. With $MMM_BENCH_HOST_PROF set to a directory,
// the plugin host is forked with --cpu-prof into it (its execArgv is fixed, so NODE_OPTIONS cannot do that).
import childProcess, { ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

export interface TraceEvent {
  /** ms since this process started (performance.now()). */
  at: number
  dir: 'to-host' | 'from-host' | 'fork'
  t: string
  method?: string
  bytes: number
}

const events: TraceEvent[] = []
const out = process.env.MMM_BENCH_TRACE
const hostProf = process.env.MMM_BENCH_HOST_PROF

const size = (m: Record<string, unknown>): number => {
  const s = m.result ?? m.req ?? m.input ?? m.code ?? m.manifest
  return typeof s === 'string' ? s.length : 0
}

const originalFork = childProcess.fork
childProcess.fork = function (this: unknown, ...args: Parameters<typeof originalFork>) {
  events.push({ at: performance.now(), dir: 'fork', t: 'fork', bytes: 0 })
  const opts = args.find((a): a is childProcess.ForkOptions => typeof a === 'object' && a !== null && !Array.isArray(a))
  if (hostProf && opts?.execArgv) opts.execArgv = [...opts.execArgv, '--cpu-prof', `--cpu-prof-dir=${hostProf}`, '--cpu-prof-interval', '500']
  const child = originalFork.apply(this, args)
  // send is set on each child (not the prototype) when its IPC channel is set up.
  const send = child.send
  child.send = function (this: ChildProcess, ...a: unknown[]) {
    const m = a[0] as Record<string, unknown> | undefined
    if (m && typeof m.t === 'string') events.push({ at: performance.now(), dir: 'to-host', t: m.t, bytes: size(m) })
    return (send as (...x: unknown[]) => boolean).apply(this, a)
  } as typeof send
  // The kernel stops hosts with SIGKILL, which loses a CPU profile: let a profiled host exit by itself.
  if (hostProf) child.kill = () => (child.disconnect(), true)
  return child
} as typeof originalFork
syncBuiltinESMExports()

const originalEmit = ChildProcess.prototype.emit
ChildProcess.prototype.emit = function (this: ChildProcess, name: string | symbol, ...args: unknown[]) {
  const m = args[0] as Record<string, unknown> | undefined
  if (name === 'message' && m && typeof m.t === 'string') {
    // A host sends what one entry into the isolate produced as one batch: record its messages one by one.
    for (const one of m.t === 'batch' && Array.isArray(m.msgs) ? (m.msgs as Array<Record<string, unknown>>) : [m]) {
      const method = typeof one.req === 'string' ? /"method":"([^"]+)"/.exec(one.req.slice(0, 300))?.[1] : undefined
      events.push({ at: performance.now(), dir: 'from-host', t: String(one.t), ...(method ? { method } : {}), bytes: size(one) })
    }
  }
  return (originalEmit as (...a: unknown[]) => boolean).call(this, name, ...args)
} as typeof originalEmit

process.on('exit', () => {
  if (out) writeFileSync(out, JSON.stringify({ exitAt: performance.now(), events }))
})
