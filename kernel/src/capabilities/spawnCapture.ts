// Runs one process without a shell, in its own process group, capturing stdout/stderr up to a limit;
// a timeout or a cancellation kills the whole group (SIGTERM, then SIGKILL after a grace period).

import { spawn } from 'node:child_process'
import type { ExecResult } from '../plugin/types.ts'

export interface SpawnRequest {
  file: string
  /** argv[0] as the process sees it (default: file). */
  argv0?: string
  args: readonly string[]
  cwd: string
  env: Record<string, string>
  timeoutMs: number
  input?: string
  maxOutputBytes: number
  signal?: AbortSignal
}

/** What ctx.exec.run returns, plus whether the caller's cancellation ended it. */
export interface SpawnOutcome extends ExecResult {
  cancelled: boolean
}

/** SIGTERM to SIGKILL. */
const KILL_GRACE_MS = 2000
/** How long to wait for the pipes once the process has exited (a background grandchild may hold them). */
const PIPE_GRACE_MS = 1000

class Capture {
  readonly chunks: Buffer[] = []
  size = 0
  truncated = false
  readonly max: number
  constructor(max: number) {
    this.max = max
  }
  push(chunk: Buffer): void {
    if (this.size >= this.max) {
      this.truncated = true
      return
    }
    const room = this.max - this.size
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk
    if (kept.length < chunk.length) this.truncated = true
    this.chunks.push(kept)
    this.size += kept.length
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}

/** Rejects with the spawn error (ENOENT, EACCES, ...) when the process could not start. */
export function spawnCapture(req: SpawnRequest): Promise<SpawnOutcome> {
  return new Promise<SpawnOutcome>((resolve, reject) => {
    const started = Date.now()
    const child = spawn(req.file, [...req.args], {
      cwd: req.cwd,
      env: req.env,
      shell: false,
      ...(req.argv0 !== undefined ? { argv0: req.argv0 } : {}),
      detached: true, // its own process group, so a timeout kills grandchildren too
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    })
    const out = new Capture(req.maxOutputBytes)
    const err = new Capture(req.maxOutputBytes)
    let timedOut = false
    let cancelled = false
    let exited: { code: number | null; signal: string | null } | undefined
    let settled = false
    const timers: NodeJS.Timeout[] = []

    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return
      try {
        process.kill(-child.pid, sig)
      } catch {
        try {
          child.kill(sig)
        } catch {
          // already gone
        }
      }
    }
    const stop = (): void => {
      killGroup('SIGTERM')
      // not cleared when the leader exits: a grandchild that ignores SIGTERM still gets SIGKILL
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref()
    }
    const onAbort = (): void => {
      if (settled || cancelled) return
      cancelled = true
      stop()
    }
    const cleanup = (): void => {
      settled = true
      for (const t of timers) clearTimeout(t)
      req.signal?.removeEventListener('abort', onAbort)
    }
    const finish = (): void => {
      if (settled) return
      cleanup()
      child.stdout?.destroy()
      child.stderr?.destroy()
      resolve({
        code: exited?.code ?? null,
        signal: exited?.signal ?? null,
        stdout: out.text(),
        stderr: err.text(),
        timedOut,
        truncated: out.truncated || err.truncated,
        durationMs: Date.now() - started,
        cancelled,
      })
    }

    child.on('error', (e) => {
      if (settled) return
      if (child.pid === undefined) {
        cleanup()
        reject(e)
      }
    })
    child.stdout?.on('data', (b: Buffer) => out.push(b))
    child.stderr?.on('data', (b: Buffer) => err.push(b))
    child.stdin?.on('error', () => {
      // the process may exit without reading its input (EPIPE)
    })
    child.on('exit', (code, signal) => {
      exited = { code, signal }
      const t = setTimeout(finish, PIPE_GRACE_MS)
      t.unref()
      timers.push(t)
    })
    child.on('close', (code, signal) => {
      exited ??= { code, signal }
      finish()
    })

    if (child.pid === undefined) return // the 'error' event follows
    child.stdin?.end(req.input ?? '')
    const timeout = setTimeout(() => {
      if (settled) return
      timedOut = true
      stop()
    }, req.timeoutMs)
    timers.push(timeout)
    if (req.signal) {
      if (req.signal.aborted) onAbort()
      else req.signal.addEventListener('abort', onAbort, { once: true })
    }
  })
}
