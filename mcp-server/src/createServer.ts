// One MCP Server instance (one per session, DESIGN §10) over the shared McpService: tools, resources and
// templates, prompts and completion, logging and ping. Handlers are era-blind; the SDK speaks both the
// 2026-07-28 revision and the 2025 ones.
import { MmmError } from '@mmm/kernel'
import { CLIENT_CAPABILITIES_META_KEY, ProtocolError, ProtocolErrorCode, Server, type CallToolResult, type ServerContext } from '@modelcontextprotocol/server'
import { checkJsonLimits } from './jsonLimits.ts'
import type { McpService } from './McpService.ts'
import { registerPromptHandlers } from './promptHandlers.ts'
import { registerResourceHandlers } from './resourceHandlers.ts'
import { parseRunInput, RUN_TOOL } from './runTool.ts'
import { errorResult, successResult } from './toolResult.ts'

/** The revisions served: the current one and the previous ones (older clients still connect). */
export const PROTOCOL_VERSIONS = ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']

export interface CreateServerOptions {
  era: 'legacy' | 'modern'
  /** Registered as a session (list-changed notifications, logs); false for one-request instances. */
  session?: { key: string } | false
}

export function createServer(service: McpService, o: CreateServerOptions): Server {
  const server = new Server({ name: service.name, version: service.version }, {
    supportedProtocolVersions: PROTOCOL_VERSIONS,
    capabilities: {
      tools: { listChanged: true },
      resources: { listChanged: true },
      prompts: { listChanged: true },
      completions: {},
      logging: {},
    },
    instructions: 'mmm tools: analyze a project, plan from specs, run workflows, improve code in measured loops. Tool names are <plugin>_<tool>. A call that runs long answers with a runId: poll it with mmm_run.',
    requestState: { verify: (state, ctx) => service.verifyRequestState(state, ctx) },
  })
  const sessionKey = (ctx: ServerContext) => ctx.sessionId ?? (o.session ? o.session.key : undefined)

  server.setRequestHandler('tools/list', async () => ({ tools: (await service.catalog()).list }))

  server.setRequestHandler('tools/call', async (req, ctx) => {
    const { name } = req.params
    const args = req.params.arguments ?? {}
    if (name === RUN_TOOL && service.longCallMs > 0) return runTool(service, args, sessionKey(ctx))
    const state = ctx.mcpReq.requestState<{ id: string }>()
    if (state && typeof state === 'object') {
      const resumed = service.caller.resume(state.id, ctx)
      if (resumed) return resumed
      return errorResult(new MmmError('MMM_CANCELLED', 'the call this answer belongs to is gone (it timed out waiting, or the server restarted); call the tool again'))
    }
    const catalog = await service.catalog()
    const entry = catalog.entries.get(name)
    if (!entry) {
      const changed = catalog.changed.get(name)
      if (changed) return errorResult(new MmmError('MMM_MCP_TOOL_CHANGED', `tool ${changed.id} changed since you approved it and is not served until approved again: review it (mmm mcp tools), then run mmm mcp approve ${changed.id}`, { tool: changed.id }))
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name} (MMM_TOOL_NOT_FOUND; tools/list lists the tools this server exposes)`)
    }
    try {
      checkJsonLimits(args, `the arguments of ${name}`)
    } catch (e) {
      return errorResult(e)
    }
    const kernel = await service.kernel()
    return service.caller.start(entry, (signal, onProgress) => kernel.call(entry.tool.id, args, { signal, onProgress, caller: 'mcp' }), ctx, sessionKey(ctx), canElicit(server, ctx))
  })

  registerResourceHandlers(server, service, sessionKey)
  registerPromptHandlers(server, service, sessionKey)
  if (o.session) service.addSession(server, { key: o.session.key, era: o.era })
  return server
}

async function runTool(service: McpService, args: unknown, owner: string | undefined): Promise<CallToolResult> {
  const input = parseRunInput(args)
  if (typeof input === 'string') return errorResult(new MmmError('MMM_INVALID_INPUT', `input for ${RUN_TOOL} is invalid: ${input}`))
  try {
    const view = input.cancel ? service.runs.cancel(input.runId, owner) : await service.runs.get(input.runId, owner, input.waitMs ?? 0)
    return successResult(undefined, view)
  } catch (e) {
    return errorResult(e)
  }
}

/** Elicitation support: per request on the 2026 revision (its _meta envelope), from initialize on 2025 ones. */
function canElicit(server: Server, ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined
  const caps = (envelope?.[CLIENT_CAPABILITIES_META_KEY] as { elicitation?: unknown } | undefined) ?? server.getClientCapabilities()
  return caps?.elicitation !== undefined
}
