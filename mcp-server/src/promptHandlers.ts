// Prompts over MCP (named `<plugin>_<prompt>` like tools, and `command_<name>` for each command template
// that `mmm run` knows: built-ins, presets' and the project's), and completion of prompt argument values
// (from the argument's declared `values`) and of the run id in `mmm://runs/{runId}`.
import { ProtocolError, ProtocolErrorCode, type Server, type ServerContext } from '@modelcontextprotocol/server'
import { loadCommands, MmmError, renderCommand, type CommandTemplate, type Kernel } from '@mmm/kernel'
import type { McpService } from './McpService.ts'
import { RUN_URI_TEMPLATE } from './runTool.ts'
import { mcpToolName, toolIdFromMcpName } from './toolNames.ts'

const MAX_COMPLETIONS = 100
/** Command templates are prompts too: `command_review`, `command_commit-message`, … */
const COMMAND_PREFIX = 'command_'

/** The command templates, read again on each request (a project may add one at any time). */
function commandsOf(k: Kernel): Map<string, CommandTemplate> {
  try {
    return loadCommands(k.root, k.config.config.prompts)
  } catch {
    // A broken template must not hide the other prompts; mmm run names the problem.
    return new Map()
  }
}

export function registerPromptHandlers(server: Server, service: McpService, sessionKey: (ctx: ServerContext) => string | undefined): void {
  server.setRequestHandler('prompts/list', async () => {
    const k = await service.kernel()
    return {
      prompts: [
        ...k.registry.listPrompts().map((p) => ({
          name: mcpToolName(p.id),
          ...(p.description ? { description: p.description } : {}),
          ...(p.arguments ? { arguments: p.arguments.map((a) => ({ name: a.name, ...(a.description ? { description: a.description } : {}), ...(a.required ? { required: true } : {}) })) } : {}),
        })),
        ...[...commandsOf(k).values()].map((t) => ({
          name: `${COMMAND_PREFIX}${t.name}`,
          description: t.description,
          arguments: t.arguments.map((a) => ({ name: a.name, ...(a.description ? { description: a.description } : {}), ...(a.required ? { required: true } : {}) })),
        })),
      ],
    }
  })

  server.setRequestHandler('prompts/get', async (req) => {
    const k = await service.kernel()
    const command = req.params.name.startsWith(COMMAND_PREFIX) ? commandsOf(k).get(req.params.name.slice(COMMAND_PREFIX.length)) : undefined
    const id = command ? undefined : toolIdFromMcpName(req.params.name)
    if (!command && (!id || !k.registry.getPrompt(id))) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${req.params.name} (MMM_PROMPT_NOT_FOUND; prompts/list lists them)`)
    try {
      if (command) {
        const text = renderCommand(command, { values: { ...req.params.arguments }, rest: [] }, k.root)
        return { ...(command.description ? { description: command.description } : {}), messages: [{ role: 'user' as const, content: { type: 'text' as const, text: command.system ? `${command.system}\n\n${text}` : text } }] }
      }
      const messages = await k.getPrompt(id!, req.params.arguments ?? {})
      return { messages: messages.map((m) => ({ role: m.role, content: { type: 'text' as const, text: m.content } })) }
    } catch (e) {
      const err = e instanceof MmmError ? e : new MmmError('MMM_INTERNAL', String(e))
      const code = err.code === 'MMM_INVALID_INPUT' ? ProtocolErrorCode.InvalidParams : ProtocolErrorCode.InternalError
      throw new ProtocolError(code, `${err.message} [${err.code}]`, { code: err.code })
    }
  })

  server.setRequestHandler('completion/complete', async (req, ctx) => {
    const { ref, argument } = req.params
    const typed = argument.value.toLowerCase()
    let values: string[] = []
    if (ref.type === 'ref/prompt') {
      const k = await service.kernel()
      const id = toolIdFromMcpName(ref.name)
      const prompt = id ? k.registry.getPrompt(id) : undefined
      if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${ref.name} (MMM_PROMPT_NOT_FOUND)`)
      const arg = prompt.arguments?.find((a) => a.name === argument.name)
      values = Array.isArray(arg?.values) ? arg.values.filter((v): v is string => typeof v === 'string') : []
    } else if (ref.type === 'ref/resource' && ref.uri === RUN_URI_TEMPLATE && argument.name === 'runId') {
      values = service.runs.ids(sessionKey(ctx))
    }
    const matching = values.filter((v) => v.toLowerCase().startsWith(typed))
    return { completion: { values: matching.slice(0, MAX_COMPLETIONS), total: matching.length, hasMore: matching.length > MAX_COMPLETIONS } }
  })
}
