// Forks the plugin-host child processes. One host may be started ahead of need (prewarmHost): the CLI does so
// as soon as it knows a command will call a plugin, so Node and isolated-vm boot while the kernel still reads
// its config; the first plugin to start then takes it instead of forking.
import { fork, type ChildProcess } from 'node:child_process'
import { getCompileCacheDir } from 'node:module'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// From the sources the host is pluginHost.ts; from the built CLI (dist/chunks/*.js) it is dist/pluginHost.js.
const HOST_SCRIPT = ['./pluginHost.ts', '../pluginHost.js'].map((f) => fileURLToPath(new URL(f, import.meta.url))).find((f) => existsSync(f))!

/** Heap room of a prewarmed host: enough for plugins with isolates of up to 512 MB (heap = 4 × isolate). */
const PREWARM_HEAP_MB = 2048

let spare: ChildProcess | undefined

/** The host's own V8 heap must hold copies of what crosses into the isolate: give it room to match. */
export function hostHeapMb(memoryLimitMb: number): number {
  return Math.max(256, memoryLimitMb * 4)
}

const compileCacheDir = (): string | undefined => getCompileCacheDir?.()

function forkHost(heapMb: number): ChildProcess {
  return fork(HOST_SCRIPT, [], {
    execArgv: ['--no-node-snapshot', `--max-old-space-size=${heapMb}`],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Structured clone copies strings as they are; JSON IPC would escape the JSON payloads once more.
    serialization: 'advanced',
    // The CLI's compile cache (kernel/bin/mmm.js turns it on) serves the host's bundle too.
    env: { PATH: process.env.PATH ?? '', NODE_ENV: process.env.NODE_ENV ?? '', ...(compileCacheDir() ? { NODE_COMPILE_CACHE: compileCacheDir()! } : {}) },
  })
}

const alive = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null && c.connected

/** A spare host must not keep the process alive; a taken one must. */
function setRef(c: ChildProcess, ref: boolean): void {
  for (const h of [c, c.channel, c.stdout, c.stderr] as Array<{ ref?: () => void; unref?: () => void } | null | undefined>) {
    if (ref) h?.ref?.()
    else h?.unref?.()
  }
}

/** Starts a spare plugin host now (no-op when one is waiting). */
export function prewarmHost(): void {
  if (spare && alive(spare)) return
  const child = forkHost(PREWARM_HEAP_MB)
  child.on('error', () => {})
  child.on('exit', () => {
    if (spare === child) spare = undefined
  })
  setRef(child, false)
  spare = child
}

/** A host for a plugin whose host needs `heapMb`: the spare when it fits, else a new one. */
export function takeHost(heapMb: number): ChildProcess {
  const s = spare
  spare = undefined
  if (s && alive(s) && heapMb <= PREWARM_HEAP_MB) {
    setRef(s, true)
    return s
  }
  s?.kill()
  return forkHost(heapMb)
}

/** Stops the spare host, if any (kernel.close). */
export function discardSpareHost(): void {
  spare?.kill()
  spare = undefined
}

/** The spare's pid, for tests. */
export function spareHostPid(): number | undefined {
  return spare && alive(spare) ? spare.pid : undefined
}
