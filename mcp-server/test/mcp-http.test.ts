// `mmm mcp --http`: Streamable HTTP with the v2 client (2026-07-28 and 2025 eras) and the v1 SDK client,
// and the guard in front of it: Host/Origin checks failing closed, the bearer token, the body cap, sessions.
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client'
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport as V1HttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { makeProject, serverParams, startHttp, textOf, type HttpChild, type Project } from './mcpFixture.ts'

let project: Project
let http: HttpChild
beforeAll(async () => {
  project = makeProject({ mcp: { longCallMs: 1500 } })
  http = await startHttp(project.dir)
}, 40_000)
afterAll(async () => {
  await http?.stop()
  project?.close()
})

const v2 = async (era: 'modern' | 'legacy', headers: Record<string, string> = {}) => {
  const client = new Client({ name: 'http-v2', version: '1' }, era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {})
  await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers } }))
  return client
}

describe.each(['modern', 'legacy'] as const)('v2 client over HTTP, %s era', (era) => {
  it('lists and calls tools with progress, reads resources and prompts', async () => {
    const client = await v2(era)
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe(era === 'modern' ? '2026-07-28' : '2025-11-25')
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('probe_add')
      const progress: number[] = []
      const r = await client.callTool({ name: 'probe_slow', arguments: { ms: 150, steps: 3 } }, { onprogress: (p) => progress.push(p.progress) })
      expect(r.isError).toBeFalsy()
      expect(progress).toEqual([0, 1, 2])
      expect((await client.callTool({ name: 'probe_add', arguments: { a: 1, b: 2 } })).structuredContent).toEqual({ sum: 3 })
      expect((await client.readResource({ uri: 'mmm://probe/info' })).contents).toHaveLength(1)
      expect((await client.getPrompt({ name: 'probe_review', arguments: { language: 'go' } })).messages).toHaveLength(1)
    } finally {
      await client.close()
    }
  })

  it('turns a call past mcp.longCallMs into a run read with mmm_run and mmm://runs/{id}', async () => {
    const client = await v2(era)
    try {
      const started = await client.callTool({ name: 'probe_slow', arguments: { ms: 4000, steps: 4 } })
      const handle = started.structuredContent as { runId: string; status: string }
      expect(handle.status).toBe('running')
      expect(textOf(started)).toContain('mmm_run')
      const viaResource = await client.readResource({ uri: `mmm://runs/${handle.runId}` })
      expect(JSON.parse((viaResource.contents[0] as { text: string }).text)).toMatchObject({ runId: handle.runId, tool: 'probe.slow' })
      const done = await client.callTool({ name: 'mmm_run', arguments: { runId: handle.runId, waitMs: 10_000 } })
      expect(done.structuredContent ?? JSON.parse(textOf(done))).toMatchObject({ status: 'succeeded', result: { waited: 4000 } })
    } finally {
      await client.close()
    }
  })
})

describe('v1 SDK client over HTTP', () => {
  it('calls tools in its own session', async () => {
    const client = new V1Client({ name: 'http-v1', version: '1' })
    await client.connect(new V1HttpTransport(new URL(http.url)))
    try {
      expect((await client.callTool({ name: 'probe_add', arguments: { a: 20, b: 22 } })).structuredContent).toEqual({ sum: 42 })
      expect(await client.ping()).toEqual({})
    } finally {
      await client.close()
    }
  })
})

describe('sessions', () => {
  it('keeps runs and logs inside the session that made them', async () => {
    const a = await v2('legacy')
    const b = await v2('legacy')
    try {
      const logsA: unknown[] = []
      const logsB: unknown[] = []
      a.setNotificationHandler('notifications/message', (n) => void logsA.push(n.params))
      b.setNotificationHandler('notifications/message', (n) => void logsB.push(n.params))
      await b.setLoggingLevel('debug')
      await a.setLoggingLevel('debug')
      const started = await a.callTool({ name: 'probe_slow', arguments: { ms: 3000, steps: 2 } })
      const { runId } = started.structuredContent as { runId: string }
      const fromB = await b.callTool({ name: 'mmm_run', arguments: { runId } })
      expect(fromB.isError).toBe(true)
      expect(textOf(fromB)).toContain('MMM_MCP_RUN_NOT_FOUND')
      await a.callTool({ name: 'probe_noisy', arguments: {} })
      await new Promise((r) => setTimeout(r, 300))
      expect(logsA).toEqual(expect.arrayContaining([expect.objectContaining({ data: 'NOISE-FROM-CTX-LOG' })]))
      expect(logsB).toEqual([])
      expect((await a.callTool({ name: 'mmm_run', arguments: { runId, waitMs: 10_000 } })).isError).toBeFalsy()
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('answers another session id as an unknown one', async () => {
    const res = await fetch(http.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': 'not-a-session' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) })
    expect(res.status).toBe(404)
  })
})

describe('a client that disconnects mid-call', () => {
  it('leaves the server serving the other sessions', async () => {
    const a = await v2('legacy')
    const b = await v2('modern')
    try {
      const transport = (a as unknown as { transport: { sessionId?: string } }).transport
      const controller = new AbortController()
      const pending = fetch(http.url, {
        method: 'POST',
        signal: controller.signal,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': transport.sessionId!, 'mcp-protocol-version': '2025-11-25' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 77, method: 'tools/call', params: { name: 'probe_slow', arguments: { ms: 1000, steps: 2 } } }),
      }).then((r) => r.text())
      setTimeout(() => controller.abort(), 200)
      await expect(pending).rejects.toThrow()
      expect((await b.callTool({ name: 'probe_add', arguments: { a: 5, b: 5 } })).structuredContent).toEqual({ sum: 10 })
      // The session itself is still usable after its request's connection went away.
      expect((await a.callTool({ name: 'probe_add', arguments: { a: 1, b: 5 } })).structuredContent).toEqual({ sum: 6 })
    } finally {
      await a.close()
      await b.close()
    }
  })
})

describe('the guard', () => {
  const post = (headers: Record<string, string>, body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })) =>
    fetch(http.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body })

  it('refuses a foreign Host header and a foreign Origin (DNS rebinding), before any MCP handling', async () => {
    const { request } = await import('node:http')
    const url = new URL(http.url)
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { host: 'attacker.example:80', 'content-type': 'application/json' } }, (res) => { res.resume(); resolve(res.statusCode!) })
      req.on('error', reject)
      req.end('{}')
    })
    expect(status).toBe(403)
    expect((await post({ origin: 'http://attacker.example' })).status).toBe(403)
    expect((await post({ origin: 'null' })).status).toBe(403)
    // A loopback origin (a local web page) passes the guard.
    expect((await post({ origin: 'http://localhost:5173' })).status).not.toBe(403)
  })

  it('caps the request body', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'probe_echo', arguments: { blob: 'x'.repeat(5 * 1024 * 1024) } } })
    const ordinary = (await post({})).status
    expect((await post({}, big)).status).toBe(413)
    // Without a content-length (chunked), the server counts as it reads, and stops reading.
    const { request } = await import('node:http')
    const url = new URL(http.url)
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => { res.resume(); resolve(res.statusCode!) })
      req.on('error', reject)
      for (let i = 0; i < 6; i++) req.write('x'.repeat(1024 * 1024))
      req.end()
    })
    expect(chunked).toBe(413)
    // And the server goes on answering as before.
    expect((await post({})).status).toBe(ordinary)
  })

  it('answers a body that is not JSON with a JSON-RPC parse error, and keeps serving', async () => {
    const ordinary = (await post({})).status
    for (const bad of ['{"jsonrpc":"2.0", "id": 1, "method": ', 'not json at all', '']) {
      const res = await post({}, bad)
      expect(res.status, bad).toBeGreaterThanOrEqual(400)
      expect(res.status, bad).toBeLessThan(500)
      const body = (await res.json()) as { error?: { code?: number } }
      expect(body.error?.code, bad).toBe(-32700)
    }
    expect((await post({})).status).toBe(ordinary)
  })

  it('serves only /mcp', async () => {
    expect((await fetch(new URL('/other', http.url))).status).toBe(404)
  })
})

describe('bearer token', () => {
  let guarded: HttpChild
  beforeAll(async () => { guarded = await startHttp(project.dir, ['--token', 's3cret-token']) }, 40_000)
  afterAll(async () => { await guarded?.stop() })

  it('refuses requests without the token or with a wrong one, and serves the right one', async () => {
    const ping = (auth?: string) => fetch(guarded.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(auth ? { authorization: auth } : {}) }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' })
    const missing = await ping()
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toContain('Bearer')
    expect((await ping('Bearer wrong')).status).toBe(401)
    expect((await ping('Basic czNjcmV0LXRva2Vu')).status).toBe(401)
    const client = new Client({ name: 'tok', version: '1' })
    await client.connect(new StreamableHTTPClientTransport(new URL(guarded.url), { requestInit: { headers: { authorization: 'Bearer s3cret-token' } } }))
    expect((await client.listTools()).tools.length).toBeGreaterThan(0)
    await client.close()
  })

  it('will not bind to a non-loopback address without a token', () => {
    const p = serverParams(project.dir, ['--http', '--host', '0.0.0.0', '--port', '0'])
    const r = spawnSync(p.command, p.args, { env: p.env, encoding: 'utf8', timeout: 30_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('MMM_MCP_TOKEN_REQUIRED')
    expect(r.stderr).toContain('--token')
  })
})
