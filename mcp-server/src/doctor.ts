// `mmm mcp doctor`: starts the MCP server the way each installed client would (its configured command),
// connects with the real client, and checks that tools/list answers. Each failure says what to do.
import { Client } from '@modelcontextprotocol/client'
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio'
import type { ServerEntry } from './clientConfig.ts'

export interface ProbeResult {
  ok: boolean
  ms: number
  tools?: number
  protocol?: string
  error?: string
  stderr?: string
  /** The server's warnings about plugins it does not serve (no grant for what they ask, or changed since). */
  notServed?: string[]
}

/** Spawns the entry's command, initializes, lists tools, and closes. */
export async function probeServer(entry: ServerEntry, o: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<ProbeResult> {
  const t0 = performance.now()
  const transport = new StdioClientTransport({ command: entry.command, args: entry.args, env: { ...o.env, ...entry.env }, stderr: 'pipe' })
  let stderr = ''
  transport.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
  const client = new Client({ name: 'mmm-doctor', version: '1.0.0' })
  const timeout = o.timeoutMs ?? 30_000
  let result: ProbeResult
  try {
    await client.connect(transport, { timeout })
    const { tools } = await client.listTools(undefined, { timeout })
    result = { ok: true, ms: Math.round(performance.now() - t0), tools: tools.length, ...(client.getNegotiatedProtocolVersion() ? { protocol: client.getNegotiatedProtocolVersion()! } : {}) }
  } catch (e) {
    result = { ok: false, ms: Math.round(performance.now() - t0), error: e instanceof Error ? e.message : String(e) }
  }
  // Closed first, so everything the server wrote to stderr is in (a server that started may still warn).
  await client.close().catch(() => {})
  const notServed = stderr.split('\n').filter((l) => l.includes('not served:'))
  if (notServed.length) result.notServed = notServed.map((l) => l.trim())
  if (!result.ok) result.stderr = stderr.trim().split('\n').slice(-5).join('\n')
  return result
}
