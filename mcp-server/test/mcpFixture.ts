// A temp project with real plugins, and real MCP clients (v2 and v1) talking to a real `mmm mcp` child
// process over stdio: the CLI from sources, real sandboxes, nothing mocked.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@modelcontextprotocol/client'
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio'
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport as V1StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'

export const repo = fileURLToPath(new URL('../..', import.meta.url))
export const cli = join(repo, 'kernel/src/cli/main.ts')
export const helloPlugin = join(repo, 'plugins/hello')

/** A plugin written for these tests: every behaviour the adapter must carry across MCP. */
export const PROBE_PLUGIN = `
export default {
  name: 'probe',
  setup(ctx) {
    ctx.tool('echo', { description: 'returns its input', input: { type: 'object' } }, (input) => input)
    ctx.tool('add', {
      description: 'adds two numbers',
      input: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false },
      output: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
      annotations: { readOnlyHint: true, idempotentHint: true },
    }, ({ a, b }) => ({ sum: a + b }))
    ctx.tool('count', { description: 'returns a bare number', output: { type: 'integer' } }, () => 42)
    ctx.tool('slow', {
      description: 'waits ms milliseconds in steps, reporting progress; stops when cancelled',
      input: { type: 'object', properties: { ms: { type: 'integer' }, steps: { type: 'integer' } } },
    }, async ({ ms = 1000, steps = 4 }, call) => {
      for (let i = 0; i < steps; i++) {
        call.progress(i, steps, 'step ' + i)
        await new Promise((resolve, reject) => {
          const t = setTimeout(resolve, ms / steps)
          call.signal.addEventListener('abort', () => { clearTimeout(t); reject(Object.assign(new Error('stopped'), { code: 'MMM_CANCELLED' })) })
        })
      }
      await ctx.state.set('slow-finished', (await ctx.state.get('slow-finished') ?? 0) + 1)
      return { waited: ms }
    })
    ctx.tool('finished', { description: 'how many slow calls ran to the end' }, async () => (await ctx.state.get('slow-finished')) ?? 0)
    ctx.tool('noisy', { description: 'logs with console.log and ctx.log' }, () => {
      console.log('NOISE-FROM-CONSOLE-LOG')
      ctx.log.info('NOISE-FROM-CTX-LOG')
      return 'quiet answer'
    })
    ctx.tool('fail', { description: 'throws a coded error' }, () => { throw Object.assign(new Error('the probe failed on purpose; nothing to do'), { code: 'MMM_PROBE_FAILED' }) })
    ctx.tool('crash', { description: 'allocates until its sandbox dies' }, () => { const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random())) })
    ctx.tool('ask', { description: 'asks the user to confirm, then to pick a colour' }, async () => {
      const ok = await ctx.ui.confirm('Proceed with the probe?')
      if (!ok) return { ok }
      const colour = await ctx.ui.select('Pick a colour', [{ value: 'red' }, { value: 'blue', label: 'Blue' }])
      return { ok, colour }
    })
    ctx.prompt('review', { description: 'review code in a language', arguments: [{ name: 'language', required: true, values: ['typescript', 'javascript', 'rust', 'python'] }] }, (args) => 'Review this ' + args.language + ' code.')
    ctx.resource('mmm://probe/info', { name: 'Probe info', mimeType: 'application/json' }, () => ({ probe: true }))
  },
}
`

export interface Project {
  dir: string
  writeConfig(config: Record<string, unknown>): void
  close(): void
}

/** A temp project with the probe plugin (and hello) configured. */
export function makeProject(config: Record<string, unknown> = {}, plugins: Record<string, string> = { probe: PROBE_PLUGIN }): Project {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-mcp-')))
  mkdirSync(join(dir, 'plugins'))
  for (const [name, code] of Object.entries(plugins)) writeFileSync(join(dir, 'plugins', `${name}.js`), code)
  const writeConfig = (c: Record<string, unknown>) =>
    writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ plugins: [helloPlugin, ...Object.keys(plugins).map((n) => `./plugins/${n}.js`)], sandbox: { memoryLimitMb: 64 }, ...c }))
  writeConfig(config)
  return { dir, writeConfig, close: () => rmSync(dir, { recursive: true, force: true }) }
}

export function serverParams(dir: string, extra: string[] = []) {
  return {
    command: process.execPath,
    args: ['--no-node-snapshot', cli, '-C', dir, 'mcp', ...extra],
    env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' },
    stderr: 'pipe' as const,
  }
}

export type Era = 'modern' | 'legacy'

/** The v2 client, on the 2026-07-28 revision (modern) or the 2025 handshake (legacy). */
export async function connectV2(dir: string, era: Era, o: { elicitation?: boolean; extra?: string[] } = {}): Promise<{ client: Client; stderr: () => string }> {
  const client = new Client({ name: 'mmm-test-v2', version: '1.0.0' }, {
    capabilities: o.elicitation ? { elicitation: { form: {} } } : {},
    ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
  })
  const transport = new StdioClientTransport(serverParams(dir, o.extra))
  let err = ''
  transport.stderr?.on('data', (d: Buffer) => { err += d.toString() })
  await client.connect(transport)
  return { client, stderr: () => err }
}

/** The v1 SDK client (@modelcontextprotocol/sdk 1.x): a 2025-era client as shipped in today's hosts. */
export async function connectV1(dir: string, extra: string[] = []): Promise<{ client: V1Client; stderr: () => string }> {
  const client = new V1Client({ name: 'mmm-test-v1', version: '1.0.0' }, { capabilities: {} })
  const transport = new V1StdioClientTransport(serverParams(dir, extra))
  let err = ''
  transport.stderr?.on('data', (d: Buffer) => { err += d.toString() })
  await client.connect(transport)
  return { client, stderr: () => err }
}

export function textOf(result: object): string {
  const c = ((result as { content?: unknown }).content as Array<{ type: string; text?: string }> | undefined) ?? []
  return c.filter((b) => b.type === 'text').map((b) => b.text).join('')
}

export interface HttpChild {
  url: string
  stderr: () => string
  stop(): Promise<void>
}

/** Starts `mmm mcp --http --port 0 ...` and waits for the URL it prints. */
export async function startHttp(dir: string, extra: string[] = [], env: Record<string, string> = {}): Promise<HttpChild> {
  const { spawn } = await import('node:child_process')
  const p = serverParams(dir, ['--http', '--port', '0', ...extra])
  const child = spawn(p.command, p.args, { env: { ...p.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr.on('data', (d: Buffer) => { err += d.toString() })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mmm mcp --http did not start: ${err}`)), 30_000)
    child.stderr.on('data', () => {
      const m = /serving MCP on (http:\/\/\S+)/.exec(err)
      if (m) { clearTimeout(timer); resolve(m[1]!) }
    })
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`mmm mcp --http exited with ${code}: ${err}`)) })
  })
  return {
    url,
    stderr: () => err,
    stop: () => new Promise<void>((r) => {
      if (child.exitCode !== null) return r()
      child.once('exit', () => r())
      child.kill('SIGTERM')
    }),
  }
}
