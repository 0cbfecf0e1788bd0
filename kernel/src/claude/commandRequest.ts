// A command template as a Claude request, for plugins (ctx.claude.command): the same templates `mmm run`
// uses (built-ins, the config's and presets' prompts, .mmm/commands), filled with the given arguments.
import { MmmError } from '../errors.ts'
import { loadCommands } from './commands/loadCommands.ts'
import { renderCommand } from './commands/renderCommand.ts'

export function commandRequest(root: string, prompts: Record<string, string> | undefined, name: string, values: Record<string, string>): Record<string, unknown> {
  const commands = loadCommands(root, prompts)
  const t = commands.get(name)
  if (!t) throw new MmmError('MMM_COMMAND_NOT_FOUND', `no command template "${name}" (mmm run --list shows them: ${[...commands.keys()].join(', ')})`)
  const known = new Set(t.arguments.map((a) => a.name))
  for (const k of Object.keys(values)) if (!known.has(k)) throw new MmmError('MMM_INVALID_INPUT', `command "${name}" has no argument "${k}"; it takes ${t.arguments.map((a) => a.name).join(', ') || 'none'}`)
  return {
    prompt: renderCommand(t, { values, rest: [] }, root),
    ...(t.system ? { system: t.system } : {}),
    ...(t.task ? { task: t.task } : {}),
    ...(t.model ? { model: t.model } : {}),
    ...(t.maxTokens ? { max_tokens: t.maxTokens } : {}),
    ...(t.permissionMode ? { permissionMode: t.permissionMode } : {}),
    ...(t.cache ? { cache: true } : {}),
  }
}
