// The baseline for bench/mcp.ts: a minimal MCP server on the official v2 SDK with one `echo` tool,
// over stdio (serveStdio) or Streamable HTTP (the SDK's documented composition: createMcpHandler for
// 2026-07-28 requests, a session transport per 2025-era client). No guard, no kernel, no sandbox.
//   node bench/mcpEchoServer.ts [stdio|http <port>]
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { createMcpHandler, fromJsonSchema, isLegacyRequest, McpServer, WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server'
import { serveStdio } from '@modelcontextprotocol/server/stdio'

const versions = ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']

function echoServer(): McpServer {
  const server = new McpServer({ name: 'echo', version: '1.0.0' }, { supportedProtocolVersions: versions })
  server.registerTool('echo', {
    description: 'Echoes the message back',
    inputSchema: fromJsonSchema<{ message: string }>({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] }),
  }, async ({ message }) => ({ content: [{ type: 'text', text: message }] }))
  return server
}

const mode = process.argv[2] ?? 'stdio'
if (mode === 'stdio') serveStdio(() => echoServer())
else {
  const sessions = new Map<string, WebStandardStreamableHTTPServerTransport>()
  const modern = createMcpHandler(() => echoServer(), { legacy: 'reject' })
  const legacy = async (req: Request): Promise<Response> => {
    const id = req.headers.get('mcp-session-id')
    if (id) return sessions.get(id)?.handleRequest(req) ?? new Response('unknown session', { status: 404 })
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => void sessions.set(sid, transport) })
    await echoServer().connect(transport)
    return transport.handleRequest(req)
  }
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v)
    const body = req.method === 'POST' ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}
    const request = new Request(`http://localhost${req.url}`, { method: req.method, headers, ...body } as RequestInit)
    void (async () => {
      const response = (await isLegacyRequest(request)) ? await legacy(request) : await modern.fetch(request)
      const out: Record<string, string> = {}
      response.headers.forEach((v, k) => { out[k] = v })
      res.writeHead(response.status, out)
      if (response.body) Readable.fromWeb(response.body as never).pipe(res)
      else res.end()
    })()
  })
  http.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => process.stderr.write(`serving MCP on http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp\n`))
}
