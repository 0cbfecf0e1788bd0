// `mmm mcp --http`: Streamable HTTP on node:http. 2026-07-28 requests are served per request by the SDK's
// handler; 2025-era clients get a session each (its own Server instance and transport, SSE where they ask
// for it). Every request passes httpGuard first. Bound to 127.0.0.1 unless told otherwise, with a token.
import { randomUUID } from 'node:crypto'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { MmmError } from '@mmm/kernel'
import { createMcpHandler, isLegacyRequest, WebStandardStreamableHTTPServerTransport, type Server } from '@modelcontextprotocol/server'
import { createServer } from './createServer.ts'
import { createGuard, isLoopback, type Refusal } from './httpGuard.ts'
import type { McpService } from './McpService.ts'

export interface HttpServerOptions {
  port?: number | undefined
  host?: string | undefined
  token?: string | undefined
  /** Largest request body accepted (default 4 MiB). */
  maxBodyBytes?: number
  /** Most 2025-era sessions open at once (default 256). */
  maxSessions?: number
  allowedHosts?: string[]
}

export interface HttpServerHandle {
  url: string
  port: number
  tokenRequired: boolean
  close(): Promise<void>
}

interface LegacySession {
  server: Server
  transport: WebStandardStreamableHTTPServerTransport
}

export const DEFAULT_HTTP_PORT = 3333
const DEFAULT_MAX_BODY = 4 * 1024 * 1024

export async function startHttpServer(service: McpService, o: HttpServerOptions = {}): Promise<HttpServerHandle> {
  const host = o.host ?? '127.0.0.1'
  if (!isLoopback(host) && !o.token) {
    throw new MmmError('MMM_MCP_TOKEN_REQUIRED', `binding mmm mcp to ${host} makes it reachable from other machines; pass --token <secret> (or set MMM_MCP_TOKEN) so only clients with it get in, or bind to 127.0.0.1`)
  }
  const maxBodyBytes = o.maxBodyBytes ?? DEFAULT_MAX_BODY
  const guard = createGuard({ host, maxBodyBytes, ...(o.token ? { token: o.token } : {}), ...(o.allowedHosts ? { allowedHosts: o.allowedHosts } : {}) })
  const sessions = new Map<string, LegacySession>()
  const modern = createMcpHandler((ctx) => createServer(service, { era: ctx.era }), { legacy: 'reject', maxRequestBodySize: maxBodyBytes })
  const unlisten = service.onListChanged((c) => {
    if (c.tools) modern.notify.toolsChanged()
    if (c.resources) modern.notify.resourcesChanged()
    if (c.prompts) modern.notify.promptsChanged()
  })

  const serveLegacy = async (request: Request, parsedBody: unknown): Promise<Response> => {
    const opts = parsedBody === undefined ? undefined : { parsedBody }
    const id = request.headers.get('mcp-session-id')
    if (id) {
      const s = sessions.get(id)
      // Another session's id is as unknown as a made-up one: nothing crosses sessions.
      if (!s) return jsonRpcError(404, -32001, 'Session not found: it ended or never existed; initialize a new session')
      return s.transport.handleRequest(request, opts)
    }
    if (request.method !== 'POST') return jsonRpcError(400, -32000, 'Bad Request: no Mcp-Session-Id header; initialize a session first')
    if (sessions.size >= (o.maxSessions ?? 256)) return jsonRpcError(503, -32000, 'Too many open sessions; close one (HTTP DELETE) and retry')
    const server = createServer(service, { era: 'legacy' })
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: maxBodyBytes,
      onsessioninitialized: (sid) => {
        sessions.set(sid, { server, transport })
        service.addSession(server, { key: sid, era: 'legacy' })
      },
      onsessionclosed: (sid) => void sessions.delete(sid),
    })
    transport.onclose = () => { if (transport.sessionId) sessions.delete(transport.sessionId) }
    await server.connect(transport)
    const res = await transport.handleRequest(request, opts)
    // Not an initialize request (or a failed one): no session was made, so nothing is kept.
    if (!transport.sessionId) void server.close().catch(() => {})
    return res
  }

  const http = createHttpServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { jsonrpc: '2.0', id: null, error: { code: -32603, message: `Internal error: ${e instanceof Error ? e.message : String(e)}` } })
      else res.destroy()
    })
  })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refused = guard({ host: req.headers.host, origin: req.headers.origin, authorization: req.headers.authorization, 'content-length': req.headers['content-length'] })
    if (refused) return refuse(res, refused)
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== '/mcp') return send(res, 404, { error: 'Not found: the MCP endpoint is /mcp' })
    const read = await toWebRequest(req, res, maxBodyBytes)
    if (!read) {
      // The rest of the body is never read: the connection ends with the answer.
      res.on('finish', () => req.destroy())
      return refuse(res, { status: 413, message: `Payload Too Large: the body is over ${maxBodyBytes} bytes, the most accepted` })
    }
    const { request, parsedBody } = read
    const response = (await isLegacyRequest(request, parsedBody, { maxRequestBodySize: maxBodyBytes }))
      ? await serveLegacy(request, parsedBody)
      : await modern.fetch(request, parsedBody === undefined ? undefined : { parsedBody })
    await writeResponse(res, response)
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(o.port ?? DEFAULT_HTTP_PORT, host, () => resolve())
  })
  const port = (http.address() as AddressInfo).port
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/mcp`,
    port,
    tokenRequired: Boolean(o.token),
    async close() {
      unlisten()
      await modern.close().catch(() => {})
      await Promise.all([...sessions.values()].map((s) => s.server.close().catch(() => {})))
      sessions.clear()
      http.closeAllConnections()
      await new Promise<void>((r) => http.close(() => r()))
    },
  }
}

/**
 * A web Request over the Node request, its body read first (undefined past `maxBytes`, whatever the headers
 * said) and handed to the SDK parsed: the SDK then reads no stream and clones nothing, which cost more than
 * the call itself. A body that is not JSON goes in the Request as it came, for the SDK to answer the parse
 * error. The Request's signal aborts when the client goes away mid-exchange.
 */
async function toWebRequest(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<{ request: Request; parsedBody?: unknown } | undefined> {
  const controller = new AbortController()
  res.on('close', () => { if (!res.writableFinished) controller.abort() })
  const headers = new Headers()
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v)
  let body: Buffer | undefined
  let parsedBody: unknown
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    body = await readBody(req, maxBytes)
    if (!body) return undefined
    try {
      parsedBody = JSON.parse(body.toString('utf8'))
      body = undefined
    } catch {
      parsedBody = undefined
    }
  }
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    signal: controller.signal,
    ...(body ? { body } : {}),
  } as RequestInit)
  return parsedBody === undefined ? { request } : { request, parsedBody }
}

/** The whole body, or undefined as soon as it goes past `maxBytes` (the rest is not read). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > maxBytes) {
        req.pause()
        resolve(undefined)
      } else chunks.push(c)
    })
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {}
  response.headers.forEach((v, k) => { headers[k] = v })
  // A JSON answer is complete when it is made: written at once, not piped through a web stream.
  if (response.body && !headers['content-type']?.includes('text/event-stream')) {
    const text = await response.text()
    res.writeHead(response.status, headers)
    return void res.end(text)
  }
  res.writeHead(response.status, headers)
  if (!response.body) return void res.end()
  // SSE streams stay open: data is written as it comes, and a client that leaves cancels the stream.
  const body = Readable.fromWeb(response.body as never)
  res.on('close', () => body.destroy())
  body.on('error', () => res.destroy())
  body.pipe(res)
}

function refuse(res: ServerResponse, r: Refusal): void {
  send(res, r.status, { jsonrpc: '2.0', id: null, error: { code: -32000, message: r.message } }, r.headers)
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function jsonRpcError(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }), { status, headers: { 'content-type': 'application/json' } })
}
