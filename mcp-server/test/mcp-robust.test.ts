// Hostile and careless clients over raw stdio: malformed JSON-RPC, unknown methods, huge and deeply nested
// params, 100 calls at once, a client that leaves mid-call, and plugins writing to stdout. The server
// answers with proper JSON-RPC errors, keeps serving, and nothing but JSON-RPC ever reaches stdout.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectV2, makeProject, PROBE_PLUGIN, serverParams, textOf, type Project } from './mcpFixture.ts'

const LOUD_PLUGIN = `
export default {
  name: 'loud',
  setup(ctx) {
    console.log('LOUD-AT-SETUP')
    process.stdout.write('LOUD-RAW-WRITE\\n')
    ctx.tool('shout', { description: 'writes to stdout, then answers' }, () => {
      console.log('LOUD-IN-CALL')
      console.info('LOUD-INFO')
      process.stdout.write('LOUD-RAW-IN-CALL\\n')
      return 'shouted'
    })
  },
}
`

/** A bare JSON-RPC peer on the server's stdio: every stdout line is recorded and must parse as JSON-RPC. */
class RawPeer {
  readonly child: ChildProcessWithoutNullStreams
  readonly lines: string[] = []
  stderr = ''
  private buffer = ''
  private waiters: Array<() => void> = []

  constructor(dir: string) {
    const p = serverParams(dir)
    this.child = spawn(p.command, p.args, { env: p.env })
    this.child.stdout.on('data', (d: Buffer) => {
      this.buffer += d.toString()
      let nl: number
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, nl))
        this.buffer = this.buffer.slice(nl + 1)
      }
      for (const w of this.waiters.splice(0)) w()
    })
    this.child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString() })
  }

  send(raw: string): void {
    this.child.stdin.write(`${raw}\n`)
  }

  request(id: number, method: string, params?: unknown): void {
    this.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) }))
  }

  async response(id: number, ms = 30_000): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
    const end = Date.now() + ms
    for (;;) {
      const found = this.lines.map((l) => JSON.parse(l) as { id?: unknown }).find((m) => m.id === id)
      if (found) return found as never
      if (Date.now() > end) throw new Error(`no response ${id}; stderr: ${this.stderr.slice(-2000)}`)
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 100) })
    }
  }

  async initialize(): Promise<void> {
    this.request(0, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } })
    expect((await this.response(0)).result?.protocolVersion).toBe('2025-06-18')
    this.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }))
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill()
  }
}

let project: Project
let peer: RawPeer
beforeAll(async () => {
  project = makeProject({}, { probe: PROBE_PLUGIN, loud: LOUD_PLUGIN })
  // The loud plugin runs in-process (sandbox "off"): its console.log is this process's own.
  project.writeConfig({ plugins: ['./plugins/probe.js', { use: './plugins/loud.js', sandbox: 'off' }] })
  peer = new RawPeer(project.dir)
  await peer.initialize()
}, 30_000)
afterAll(() => {
  peer?.stop()
  project?.close()
})

describe('malformed and unexpected input', () => {
  it('answers a line that is not JSON with a parse error, and keeps serving', async () => {
    peer.send('{"jsonrpc": "2.0", "id": 1, "method": "ping"')
    peer.send('this is not json at all')
    peer.request(2, 'ping')
    expect((await peer.response(2)).result).toEqual({})
  })

  it('answers an unknown method with -32601 and a bad request shape with an error', async () => {
    peer.request(3, 'no/such/method', {})
    expect((await peer.response(3)).error?.code).toBe(-32601)
    peer.request(4, 'tools/call', { name: 42 })
    expect((await peer.response(4)).error?.code).toBe(-32602)
    peer.request(5, 'tools/call', { name: 'probe_nope', arguments: {} })
    expect((await peer.response(5)).error?.code).toBe(-32602)
  })

  it('refuses deeply nested arguments with a coded error instead of overflowing', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    peer.send(`{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"probe_echo","arguments":{"deep":${deep}}}}`)
    const r = await peer.response(6)
    const text = JSON.stringify(r)
    expect(r.error !== undefined || (r.result?.isError === true && text.includes('MMM_INVALID_INPUT'))).toBe(true)
    peer.request(7, 'ping')
    expect((await peer.response(7)).result).toEqual({})
  })

  it('handles huge params: a 6 MB argument is answered, and the server serves on', async () => {
    peer.request(8, 'tools/call', { name: 'probe_echo', arguments: { blob: 'x'.repeat(6 * 1024 * 1024) } })
    const r = await peer.response(8, 60_000)
    expect(r.result?.isError).toBeFalsy()
    expect(JSON.stringify(r.result).length).toBeGreaterThan(6 * 1024 * 1024)
    peer.request(9, 'tools/call', { name: 'probe_echo', arguments: { many: Array.from({ length: 300_000 }, (_, i) => i) } })
    const many = await peer.response(9, 60_000)
    expect(JSON.stringify(many)).toContain('MMM_INVALID_INPUT')
    peer.request(10, 'ping')
    expect((await peer.response(10)).result).toEqual({})
  }, 90_000)
})

describe('stdout purity', () => {
  it('carries nothing but JSON-RPC, even when a plugin writes to stdout', async () => {
    peer.request(11, 'tools/call', { name: 'loud_shout', arguments: {} })
    expect((await peer.response(11)).result?.content).toEqual([{ type: 'text', text: 'shouted' }])
    for (const line of peer.lines) expect(JSON.parse(line)).toHaveProperty('jsonrpc', '2.0')
    expect(peer.lines.join('\n')).not.toContain('LOUD')
    // stderr is its own pipe: give it a moment to catch up with stdout.
    for (let i = 0; i < 50 && !peer.stderr.includes('LOUD-RAW-IN-CALL'); i++) await new Promise((r) => setTimeout(r, 50))
    for (const noise of ['LOUD-AT-SETUP', 'LOUD-RAW-WRITE', 'LOUD-IN-CALL', 'LOUD-INFO', 'LOUD-RAW-IN-CALL']) expect(peer.stderr).toContain(noise)
  })
})

describe('load and departures', () => {
  it('answers 100 concurrent calls correctly', async () => {
    const { client } = await connectV2(project.dir, 'legacy')
    try {
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => client.callTool({ name: 'probe_add', arguments: { a: i, b: 1000 } })))
      expect(results.map((r) => (r.structuredContent as { sum: number }).sum)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1000))
    } finally {
      await client.close()
    }
  }, 60_000)

  it('a client that leaves mid-call: the server ends cleanly, with its plugin hosts', async () => {
    const p = new RawPeer(project.dir)
    await p.initialize()
    p.request(1, 'tools/call', { name: 'probe_slow', arguments: { ms: 20_000, steps: 2 } })
    await new Promise((r) => setTimeout(r, 500))
    const exited = new Promise<number | null>((r) => p.child.once('exit', (code) => r(code)))
    p.child.stdin.end()
    expect(await exited).toBe(0)
    // Nothing but JSON-RPC was written before it left.
    for (const line of p.lines) expect(JSON.parse(line)).toHaveProperty('jsonrpc', '2.0')
  }, 30_000)

  it('other sessions keep working while one client crashes its plugin', async () => {
    const a = await connectV2(project.dir, 'legacy')
    const b = await connectV2(project.dir, 'modern')
    try {
      const [crashed, fine] = await Promise.all([
        a.client.callTool({ name: 'probe_crash', arguments: {} }),
        b.client.callTool({ name: 'probe_add', arguments: { a: 2, b: 2 } }),
      ])
      expect(crashed.isError).toBe(true)
      expect(fine.structuredContent).toEqual({ sum: 4 })
      expect(textOf(await a.client.callTool({ name: 'probe_echo', arguments: { still: 'here' } }))).toContain('here')
    } finally {
      await a.client.close()
      await b.client.close()
    }
  }, 60_000)
})
