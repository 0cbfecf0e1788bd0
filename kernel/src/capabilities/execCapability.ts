// ctx.exec on the host: a command on the plugin's allowlist, run without a shell, inside the project,
// with a filtered environment.

import { capErrors } from './capabilityErrors.ts'
import { checkArgs } from './checkArgs.ts'
import { forbiddenEnvName } from './execEnv.ts'
import { createRootResolver } from './resolveInside.ts'
import { EXEC_LIMITS, runCommand } from './runCommand.ts'
import { methodTable } from './methodTable.ts'
import type { CapabilityContext, CapabilityMethods } from './types.ts'

/** Whether `cmd` is on the allowlist: the exact string (a path-like cmd only if listed exactly as such). */
export function execAllowed(allow: readonly string[] | undefined, cmd: string): boolean {
  return (allow ?? []).some((entry) => typeof entry === 'string' && entry === cmd)
}

export function createExecCapability(c: CapabilityContext): CapabilityMethods {
  const resolver = c.resolver ?? createRootResolver(c.plugin, c.root)

  const run = async (cmd: unknown, args: unknown, options: unknown) => {
    const a = checkArgs(c.plugin, 'exec.run')
    const command = a.string(cmd, 'cmd', { max: 4096 })
    const argv = a.optStringArray(args, 'args', EXEC_LIMITS.maxArgs) ?? []
    const o = a.options(options, 'options', ['cwd', 'env', 'timeoutMs', 'input'])
    const cwd = a.optString(o.cwd, 'options.cwd', { allowEmpty: true })
    const env = a.optStringRecord(o.env, 'options.env', 1000)
    for (const name of Object.keys(env ?? {})) {
      const why = forbiddenEnvName(name)
      if (why) a.fail(`options.env.${name} ${why}`)
    }
    const timeoutMs = a.optInt(o.timeoutMs, 'options.timeoutMs', 1, EXEC_LIMITS.maxTimeoutMs)
    const input = a.optString(o.input, 'options.input', { allowEmpty: true })
    if (input !== undefined && Buffer.byteLength(input, 'utf8') > EXEC_LIMITS.maxInputBytes) {
      throw capErrors.tooLarge(c.plugin, 'exec.run input', EXEC_LIMITS.maxInputBytes, 'pass the data through a file instead')
    }
    if (!execAllowed(c.permissions.exec, command)) {
      throw capErrors.denied(c.plugin, `run "${command}"`, `"exec": [${JSON.stringify(command)}]`)
    }
    return runCommand(c, resolver, {
      cmd: command,
      args: argv,
      what: `exec.run("${command}")`,
      ...(cwd !== undefined ? { cwd } : {}),
      ...(env !== undefined ? { env } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(input !== undefined ? { input } : {}),
    })
  }

  return methodTable({ run })
}
