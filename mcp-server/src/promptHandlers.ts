// Prompts over MCP (named `<plugin>_<prompt>` like tools), and completion of prompt argument values
// (from the argument's declared `values`) and of the run id in `mmm://runs/{runId}`.
import { ProtocolError, ProtocolErrorCode, type Server, type ServerContext } from '@modelcontextprotocol/server'
import { MmmError } from '@mmm/kernel'
import type { McpService } from './McpService.ts'
import { RUN_URI_TEMPLATE } from './runTool.ts'
import { mcpToolName, toolIdFromMcpName } from './toolNames.ts'

const MAX_COMPLETIONS = 100

export function registerPromptHandlers(server: Server, service: McpService, sessionKey: (ctx: ServerContext) => string | undefined): void {
  server.setRequestHandler('prompts/list', async () => {
    const k = await service.kernel()
    return {
      prompts: k.registry.listPrompts().map((p) => ({
        name: mcpToolName(p.id),
        ...(p.description ? { description: p.description } : {}),
        ...(p.arguments ? { arguments: p.arguments.map((a) => ({ name: a.name, ...(a.description ? { description: a.description } : {}), ...(a.required ? { required: true } : {}) })) } : {}),
      })),
    }
  })

  server.setRequestHandler('prompts/get', async (req) => {
    const k = await service.kernel()
    const id = toolIdFromMcpName(req.params.name)
    if (!id || !k.registry.getPrompt(id)) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${req.params.name} (MMM_PROMPT_NOT_FOUND; prompts/list lists them)`)
    try {
      const messages = await k.getPrompt(id, req.params.arguments ?? {})
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
