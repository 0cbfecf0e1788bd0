// What every HTTP request must pass before MCP sees it (DESIGN §10, past the SDK's defaults): a Host
// header naming this server and an Origin (when a browser sends one) from an allowed host, both failing
// closed, against DNS rebinding; the bearer token when one is set; a body under the cap.
import { createHash, timingSafeEqual } from 'node:crypto'
import { hostname, networkInterfaces } from 'node:os'
import { localhostAllowedHostnames, localhostAllowedOrigins, validateHostHeader, validateOriginHeader } from '@modelcontextprotocol/server'

export interface GuardOptions {
  /** The address the server is bound to. */
  host: string
  token?: string
  maxBodyBytes: number
  /** Extra hostnames allowed in Host and Origin (e.g. a reverse proxy's name). */
  allowedHosts?: string[]
}

export interface Refusal {
  status: number
  message: string
  headers?: Record<string, string>
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

export function createGuard(o: GuardOptions): (headers: { host?: string | undefined; origin?: string | undefined; authorization?: string | undefined; 'content-length'?: string | undefined }) => Refusal | undefined {
  const hosts = new Set([...localhostAllowedHostnames(), ...(o.allowedHosts ?? [])])
  if (!isLoopback(o.host)) for (const h of boundNames(o.host)) hosts.add(h.includes(':') ? `[${h}]` : h)
  const origins = [...new Set([...localhostAllowedOrigins(), ...hosts])]
  const hostList = [...hosts]
  const expected = o.token ? digest(o.token) : undefined
  return (h) => {
    const host = validateHostHeader(h.host, hostList)
    if (!host.ok) return { status: 403, message: `Forbidden: ${host.message} (Host must name this server; DNS rebinding protection)` }
    const origin = validateOriginHeader(h.origin, origins)
    if (!origin.ok) return { status: 403, message: `Forbidden: ${origin.message} (cross-origin requests are refused)` }
    if (expected) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(h.authorization ?? '')
      // Compared as digests: equal length, constant time, whatever the client sent.
      if (!m || !timingSafeEqual(digest(m[1]!), expected)) return { status: 401, message: 'Unauthorized: send "Authorization: Bearer <token>" with the token mmm mcp --http was started with', headers: { 'www-authenticate': 'Bearer realm="mmm"' } }
    }
    const length = Number(h['content-length'] ?? 0)
    if (length > o.maxBodyBytes) return { status: 413, message: `Payload Too Large: the body is ${length} bytes; at most ${o.maxBodyBytes} are accepted` }
    return undefined
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}

/** Names a client may use for a non-loopback bind: the address itself, or every interface for 0.0.0.0 / ::. */
function boundNames(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [host]
  const out = [hostname()]
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.push(a.address)
  return out
}
