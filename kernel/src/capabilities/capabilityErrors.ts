// Error factories for the host capabilities: each says what went wrong and what to do.

import { errors, MmmError } from '../errors.ts'

export const capErrors = {
  /** A bad argument from a plugin (never a TypeError). */
  invalidArg: (plugin: string, method: string, problem: string) =>
    new MmmError('MMM_INVALID_INPUT', `plugin "${plugin}" called ${method} with invalid arguments: ${problem}`, { plugin }),
  outsideRoot: (plugin: string, verb: string, path: string, why: string) =>
    new MmmError('MMM_PERMISSION_DENIED', `plugin "${plugin}" may not ${verb} "${path}": ${why}; capabilities only reach inside the project root`, { plugin }),
  denied: (plugin: string, what: string, toAdd: string) => errors.permissionDenied(plugin, what, toAdd),
  /** Names both ways in: the user's grant (for a plugin asking "net": ["*"]) or the plugin's own request. */
  deniedHost: (plugin: string, what: string, host: string) =>
    new MmmError('MMM_PERMISSION_DENIED', `plugin "${plugin}" may not ${what}: ${JSON.stringify(host)} is not among the hosts it was granted; if it asks for "net": ["*"] (hosts you choose), list the host under grants.${plugin}.net in mmm.config.ts, otherwise add "net": [${JSON.stringify(host)}] to its "mmm.permissions" and grant it`, { plugin }),
  protectedPath: (plugin: string, verb: string, path: string) =>
    new MmmError('MMM_PERMISSION_DENIED', `plugin "${plugin}" may not ${verb} "${path}": it belongs to the kernel or to git (only a write grant starting with ".git/" opens .git)`, { plugin }),
  tooLarge: (plugin: string, what: string, limit: number, hint: string) =>
    new MmmError('MMM_PAYLOAD_TOO_LARGE', `plugin "${plugin}": ${what} is over the ${formatBytes(limit)} limit; ${hint}`, { plugin }),
  fs: (plugin: string, op: string, path: string, cause: unknown) =>
    new MmmError('MMM_FS_ERROR', `plugin "${plugin}": ${op} "${path}" failed: ${describe(cause)}`, { plugin, cause }),
  exec: (plugin: string, message: string, cause?: unknown) =>
    new MmmError('MMM_EXEC_FAILED', `plugin "${plugin}": ${message}`, { plugin, cause }),
  http: (plugin: string, message: string, cause?: unknown) =>
    new MmmError('MMM_HTTP_FAILED', `plugin "${plugin}": ${message}`, { plugin, cause }),
  cancelled: (plugin: string, what: string) =>
    new MmmError('MMM_CANCELLED', `plugin "${plugin}": ${what} was cancelled`, { plugin }),
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`
  return `${n} bytes`
}

/** A short, host-detail-free description of a Node error. */
export function describe(cause: unknown): string {
  if (cause && typeof cause === 'object') {
    const code = (cause as { code?: unknown }).code
    const names: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EEXIST: 'already exists',
      ENOTDIR: 'not a directory',
      EISDIR: 'is a directory',
      ENOTEMPTY: 'directory not empty (pass { recursive: true })',
      EACCES: 'access denied by the operating system',
      EPERM: 'operation not permitted by the operating system',
      ELOOP: 'too many symbolic links',
      ENAMETOOLONG: 'name too long',
      ENOSPC: 'no space left on device',
    }
    if (typeof code === 'string') return names[code] ? `${names[code]} (${code})` : code
  }
  return cause instanceof Error ? cause.message : String(cause)
}

export function errnoCode(e: unknown): string | undefined {
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : undefined
}
