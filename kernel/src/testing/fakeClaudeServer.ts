// A local fake of the Anthropic Messages API on loopback, for our tests and plugin authors' tests:
// POST /v1/messages (JSON or SSE), POST /v1/messages/count_tokens, GET /v1/models, prompt-cache usage,
// and scripted failures (429 with retry-after, 529, 500, a mid-stream error event, a stall).
// Point the real SDK at it: new Anthropic({ baseURL: fake.url, apiKey: 'test' }).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakePromptCache, fakeTokens } from './fakePromptCache.ts'
import { buildAnswer, errorBody, sse, startPartialStream, startStream, streamAnswer, type FakeAnswer, type FakeError, type FakeMidStreamError, type FakeReply, type FakeStall } from './fakeClaudeReplies.ts'

export type { FakeAnswer, FakeError, FakeMidStreamError, FakeReply, FakeStall } from './fakeClaudeReplies.ts'

export interface FakeRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Record<string, unknown>
  at: number
}

export interface FakeClaudeOptions {
  /** Model ids GET /v1/models lists (default two made-up ones). */
  models?: string[]
  /** When set, requests must carry this key (x-api-key or Bearer), else 401. */
  apiKey?: string
  /** Smallest prefix (fake tokens) that gets cached; the real API's minimum is 1024+. Default 0. */
  minCacheTokens?: number
  /** Answers every message request the queue does not answer (default: an echo of the last user text). */
  respond?: (req: FakeRequest) => FakeReply
}

export interface FakeClaudeServer {
  /** Base URL for the SDK (baseURL) or claude.baseURL. */
  readonly url: string
  /** Every request received, in order. */
  readonly requests: FakeRequest[]
  /** Only the POST /v1/messages requests. */
  messageRequests(): FakeRequest[]
  /** Queues answers for the next message requests, in order. */
  enqueue(...replies: FakeReply[]): void
  respond(fn: (req: FakeRequest) => FakeReply): void
  /** Forgets requests, queued replies and the prompt cache. */
  reset(): void
  close(): Promise<void>
}

export async function startFakeClaude(o: FakeClaudeOptions = {}): Promise<FakeClaudeServer> {
  const requests: FakeRequest[] = []
  const queue: FakeReply[] = []
  const cache = new FakePromptCache(o.minCacheTokens ?? 0)
  let respond = o.respond ?? (() => ({}))
  const models = o.models ?? ['fake-model-large', 'fake-model-small']

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, errorBody({ type: 'api_error', message: String(e) }))
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://fake')
    let body: Record<string, unknown> = {}
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
    } catch {
      return json(res, 400, errorBody({ type: 'invalid_request_error', message: 'body is not JSON' }))
    }
    const r: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body, at: Date.now() }
    requests.push(r)
    if (o.apiKey && !authorized(req, o.apiKey)) return json(res, 401, errorBody({ type: 'authentication_error', message: 'invalid x-api-key' }))
    if (r.method === 'GET' && r.path === '/v1/models') {
      const data = models.map((id, i) => ({ type: 'model', id, display_name: id, created_at: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(), capabilities: null, deprecated_at: null }))
      return json(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null })
    }
    if (r.method === 'POST' && r.path === '/v1/messages/count_tokens') {
      return json(res, 200, { input_tokens: cache.usageFor(stripCacheHits(body)).input_tokens })
    }
    if (r.method === 'POST' && r.path === '/v1/messages') return answer(r, res)
    return json(res, 404, errorBody({ type: 'not_found_error', message: `no route ${r.method} ${r.path}` }))
  }

  async function answer(r: FakeRequest, res: ServerResponse): Promise<void> {
    if (!r.body.model || !Array.isArray(r.body.messages) || typeof r.body.max_tokens !== 'number') {
      return json(res, 400, errorBody({ type: 'invalid_request_error', message: 'model, messages and max_tokens are required' }))
    }
    const next = queue.shift() ?? respond(r)
    const streaming = r.body.stream === true
    if ('error' in next) {
      const reply = next as FakeError
      const headers: Record<string, string> = {}
      if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter)
      if (reply.shouldRetry !== undefined) headers['x-should-retry'] = String(reply.shouldRetry)
      return json(res, reply.error.status, errorBody(reply.error), headers)
    }
    const usage = cache.usageFor(r.body)
    if ('stall' in next) {
      const reply = next as FakeStall
      if (!streaming) return // no answer at all: the socket stays open until the client gives up
      startPartialStream(res, buildAnswer({ text: reply.text ?? '' }, r.body, usage), reply.text)
      return
    }
    if ('midStreamError' in next) {
      const reply = next as FakeMidStreamError
      if (!streaming) return json(res, 529, errorBody(reply.midStreamError))
      startPartialStream(res, buildAnswer({ text: reply.text ?? '' }, r.body, usage), reply.text)
      sse(res, 'error', errorBody(reply.midStreamError))
      res.end()
      return
    }
    const reply = next as FakeAnswer
    const a = buildAnswer(reply, r.body, usage)
    if (!streaming) return json(res, 200, a.message)
    startStream(res)
    await streamAnswer(res, a, reply.chunkDelayMs)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messageRequests: () => requests.filter((r) => r.path === '/v1/messages'),
    enqueue: (...replies) => void queue.push(...replies),
    respond: (fn) => { respond = fn },
    reset() {
      requests.length = 0
      queue.length = 0
      cache.clear()
      respond = o.respond ?? (() => ({}))
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** count_tokens must not touch the cache: it counts as if nothing were cached. */
function stripCacheHits(body: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(body, (k, v: unknown) => (k === 'cache_control' ? undefined : v))) as Record<string, unknown>
}

function authorized(req: IncomingMessage, key: string): boolean {
  return req.headers['x-api-key'] === key || req.headers.authorization === `Bearer ${key}`
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...headers })
  res.end(JSON.stringify(body))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    req.on('data', (d: Buffer) => parts.push(d))
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    req.on('error', reject)
  })
}

export { fakeTokens }
