// Resources over MCP: every registry resource, plus the `mmm://runs/{runId}` template for long calls.
import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, type ReadResourceResult, type Server, type ServerContext } from '@modelcontextprotocol/server'
import { MmmError } from '@mmm/kernel'
import type { McpService } from './McpService.ts'
import { RUN_URI_PREFIX, RUN_URI_TEMPLATE } from './runTool.ts'

export function registerResourceHandlers(server: Server, service: McpService, sessionKey: (ctx: ServerContext) => string | undefined): void {
  server.setRequestHandler('resources/list', async () => {
    const k = await service.kernel()
    return {
      resources: k.registry.listResources().map((r) => ({
        uri: r.uri,
        name: r.name ?? r.uri,
        ...(r.description ? { description: r.description } : {}),
        ...(r.mimeType ? { mimeType: r.mimeType } : {}),
      })),
    }
  })

  server.setRequestHandler('resources/templates/list', async () => ({
    resourceTemplates: service.longCallMs > 0
      ? [{ uriTemplate: RUN_URI_TEMPLATE, name: 'run', title: 'Long-running call', description: 'Status and result of a tool call that answered with a runId', mimeType: 'application/json' }]
      : [],
  }))

  server.setRequestHandler('resources/read', async (req, ctx): Promise<ReadResourceResult> => {
    const { uri } = req.params
    if (uri.startsWith(RUN_URI_PREFIX) && service.longCallMs > 0) {
      try {
        const view = await service.runs.get(decodeURIComponent(uri.slice(RUN_URI_PREFIX.length)), sessionKey(ctx))
        return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(view) }] }
      } catch {
        throw new ResourceNotFoundError(uri, `Resource ${uri} not found (MMM_MCP_RUN_NOT_FOUND: runs are kept 1 hour after they end, in this process only)`)
      }
    }
    const k = await service.kernel()
    const r = k.registry.getResource(uri)
    if (!r) throw new ResourceNotFoundError(uri, `Resource ${uri} not found (MMM_RESOURCE_NOT_FOUND; resources/list lists them)`)
    let value: unknown
    try {
      value = await k.readResource(uri)
    } catch (e) {
      const err = e instanceof MmmError ? e : new MmmError('MMM_INTERNAL', String(e))
      throw new ProtocolError(ProtocolErrorCode.InternalError, `${err.message} [${err.code}]`, { code: err.code, ...(err.plugin ? { plugin: err.plugin } : {}) })
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null)
    return { contents: [{ uri, mimeType: r.mimeType ?? (typeof value === 'string' ? 'text/plain' : 'application/json'), text }] }
  })
}
