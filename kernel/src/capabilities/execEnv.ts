// What a child process gets: a filtered environment and a command resolved on the kernel's PATH.

import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'

/** Always passed through from the kernel's environment. */
export const BASE_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TERM', 'TMPDIR'] as const

/** Names a plugin may never set: they would load code into the allowed command itself. */
export function forbiddenEnvName(name: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'is not a valid variable name'
  if (/^(LD_|DYLD_)/.test(name)) return 'would inject code into the command (dynamic loader variable)'
  return null
}

/** PATH/HOME/LANG/LC_ALL/TERM/TMPDIR + the granted names (from the kernel's env) + the plugin's own values. */
export function buildChildEnv(
  kernelEnv: NodeJS.ProcessEnv,
  granted: readonly string[] | undefined,
  explicit: Record<string, string> | undefined,
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of [...BASE_ENV, ...(granted ?? [])]) {
    if (typeof name !== 'string') continue
    const v = kernelEnv[name]
    if (typeof v === 'string') env[name] = v
  }
  for (const [k, v] of Object.entries(explicit ?? {})) env[k] = v
  return env
}

/**
 * Synchronous on purpose: a PATH walk is a few stat calls of microseconds each, and through the thread pool
 * they cost ~0.1 ms apiece — milliseconds per command on a long PATH (measured: bench/RESULTS-workflow.md).
 * A missing file answers undefined rather than throwing: building the ENOENT error cost ~15 µs per PATH
 * entry, ~150 µs per `sh` lookup on an 11-entry PATH.
 */
function isExecutableFile(file: string): boolean {
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isFile() !== true) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Resolves a command name on the kernel's PATH (never the plugin's: a plugin-given PATH must not
 * swap the allowed binary). A command with a '/' is taken relative to the project root.
 * Returns null when nothing executable is found.
 */
export async function resolveCommand(cmd: string, kernelPath: string | undefined, realRoot: string, cwd: string): Promise<string | null> {
  if (cmd.includes('/')) {
    const file = path.resolve(realRoot, cmd)
    return isExecutableFile(file) ? file : null
  }
  // a PATH often names a directory twice (shell profiles prepend again): each is looked at once
  for (const dir of new Set((kernelPath ?? '').split(path.delimiter))) {
    if (dir === '') continue
    const file = path.resolve(cwd, dir, cmd)
    if (isExecutableFile(file)) return file
  }
  return null
}
