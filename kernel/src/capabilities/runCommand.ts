// The machinery shared by ctx.exec and ctx.git: cwd inside the root, filtered env, command lookup,
// spawn without a shell, errors as MmmErrors.

import { statSync } from 'node:fs'
import { isMmmError } from '../errors.ts'
import { capErrors, describe, errnoCode } from './capabilityErrors.ts'
import { buildChildEnv, resolveCommand } from './execEnv.ts'
import type { RootResolver } from './resolveInside.ts'
import { spawnCapture, type SpawnOutcome } from './spawnCapture.ts'
import type { CapabilityContext } from './types.ts'

export const EXEC_LIMITS = {
  defaultTimeoutMs: 10 * 60 * 1000,
  maxTimeoutMs: 24 * 60 * 60 * 1000,
  maxOutputBytes: 10 * 1024 * 1024,
  maxInputBytes: 32 * 1024 * 1024,
  maxArgs: 10_000,
}

export interface RunRequest {
  cmd: string
  args: readonly string[]
  /** Relative to the project root (or absolute inside it); default: the root. */
  cwd?: string
  env?: Record<string, string>
  extraEnv?: Record<string, string>
  timeoutMs?: number
  input?: string
  /** What to call it in messages ('exec.run', 'git.status', ...). */
  what: string
}

/** Resolves a cwd inside the root (realpath check) that is an existing directory. */
export async function resolveCwd(c: CapabilityContext, resolver: RootResolver, cwd: string | undefined, what: string): Promise<string> {
  if (cwd === undefined) return resolver.realRoot()
  const rp = await resolver.resolve(cwd, `run ${what} in`)
  let isDir = false
  try {
    isDir = rp.exists && statSync(rp.real).isDirectory() // sync: one stat, cheaper than a thread-pool hop
  } catch {
    isDir = false
  }
  if (!isDir) throw capErrors.exec(c.plugin, `${what}: cwd "${cwd}" is not an existing directory inside the project`)
  return rp.real
}

export async function runCommand(c: CapabilityContext, resolver: RootResolver, req: RunRequest): Promise<Omit<SpawnOutcome, 'cancelled'>> {
  if (c.signal?.aborted) throw capErrors.cancelled(c.plugin, req.what)
  const cwd = await resolveCwd(c, resolver, req.cwd, req.what)
  const file = await resolveCommand(req.cmd, c.env.PATH, await resolver.realRoot(), cwd)
  if (file === null) {
    throw capErrors.exec(c.plugin, `${req.what}: command "${req.cmd}" was not found${req.cmd.includes('/') ? ' (or is not executable)' : ' on PATH'}; install it or fix the name`)
  }
  const env = { ...buildChildEnv(c.env, c.permissions.env, req.env), ...req.extraEnv }
  let outcome: SpawnOutcome
  try {
    outcome = await spawnCapture({
      file,
      argv0: req.cmd,
      args: req.args,
      cwd,
      env,
      timeoutMs: req.timeoutMs ?? EXEC_LIMITS.defaultTimeoutMs,
      maxOutputBytes: EXEC_LIMITS.maxOutputBytes,
      ...(req.input !== undefined ? { input: req.input } : {}),
      ...(c.signal ? { signal: c.signal } : {}),
    })
  } catch (e) {
    if (isMmmError(e)) throw e
    const code = errnoCode(e)
    const why = code === 'ENOENT' ? 'was not found' : code === 'EACCES' ? 'is not executable' : `could not be started (${describe(e)})`
    throw capErrors.exec(c.plugin, `${req.what}: command "${req.cmd}" ${why}`, e)
  }
  if (outcome.cancelled) throw capErrors.cancelled(c.plugin, req.what)
  const { cancelled: _, ...result } = outcome
  return result
}
