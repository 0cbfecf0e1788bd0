// HTTP load for bench/mcp.ts: captures the exact tools/call request the v2 client sends (headers and body,
// per mode), then replays it with autocannon at 32 connections.
import autocannon from 'autocannon'
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client'

export interface HttpResult {
  mode: '2026-07-28' | '2025 session'
  reqPerSec: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

interface Captured {
  headers: Record<string, string>
  body: string
}

async function capture(url: string, call: { name: string; arguments: Record<string, unknown> }, modern: boolean): Promise<{ captured: Captured; close: () => Promise<void> }> {
  let captured: Captured | undefined
  const fetchSpy = async (input: string | URL, init?: RequestInit) => {
    const body = typeof init?.body === 'string' ? init.body : ''
    if (body.includes('"tools/call"')) {
      const headers: Record<string, string> = {}
      new Headers(init?.headers).forEach((v, k) => { headers[k] = v })
      captured = { headers, body }
    }
    return fetch(input, init)
  }
  const client = new Client({ name: 'bench-http', version: '1' }, modern ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {})
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: fetchSpy }))
  const r = await client.callTool(call)
  if (r.isError || !captured) throw new Error(`capture failed at ${url}: ${JSON.stringify(r)}`)
  // The session stays open while autocannon replays the call in it.
  return { captured, close: () => client.close() }
}

export async function benchHttp(url: string, call: { name: string; arguments: Record<string, unknown> }, o: { seconds: number; modern: boolean }): Promise<HttpResult[]> {
  const out: HttpResult[] = []
  for (const mode of (o.modern ? ['2026-07-28', '2025 session'] : ['2025 session']) as HttpResult['mode'][]) {
    const { captured, close } = await capture(url, call, mode === '2026-07-28')
    // Every request gets its own JSON-RPC id: in a 2025 session, ids in flight at once must differ.
    const [before, after] = splitAtId(captured.body)
    let id = 1000
    const r = await autocannon({
      url, connections: 32, duration: o.seconds,
      requests: [{ method: 'POST', headers: captured.headers, setupRequest: (req) => ({ ...req, body: `${before}${id++}${after}` }) }],
    })
    await close()
    out.push({ mode, reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts })
  }
  return out
}

function splitAtId(body: string): [string, string] {
  const m = /"id":\s*(\d+)/.exec(body)
  if (!m) throw new Error(`no numeric id in ${body}`)
  return [body.slice(0, m.index + m[0].length - m[1]!.length), body.slice(m.index + m[0].length)]
}
