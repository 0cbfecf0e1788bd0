// MCP server benchmarks (issue 4): `mmm mcp` against the reference servers server-everything and
// server-filesystem and a minimal SDK echo server (bench/mcpEchoServer.ts), measured in the same run.
//   node --no-node-snapshot bench/mcp.ts [--quick] [--no-write]      → bench/RESULTS-mcp.md
// Uses the built CLI (kernel/dist, `pnpm build`) as users run it. Records, never asserts (DESIGN §12).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKernel } from '@mmm/kernel'
import { Client } from '@modelcontextprotocol/client'
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio'
import { loadAvg, machineInfo } from './machine.ts'
import { benchHttp, type HttpResult } from './mcpHttp.ts'
import { repoRoot } from './paths.ts'
import { ms, summarize, table } from './stats.ts'

const quick = process.argv.includes('--quick')
const write = !quick && !process.argv.includes('--no-write')
const N = quick ? { cold: 3, warm: 100, calls: 300, burst: 640, httpSec: 3 } : { cold: 12, warm: 500, calls: 3000, burst: 6400, httpSec: 10 }
const step = (s: string) => process.stderr.write(`bench mcp: ${s}\n`)

interface Target {
  name: string
  command: string
  args: string[]
  call: { name: string; arguments: Record<string, unknown> }
  http?: () => Promise<{ url: string; stop: () => void; modern: boolean }>
}

const project = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-bench-mcp-')))
mkdirSync(join(project, 'plugins'))
writeFileSync(join(project, 'plugins', 'bench.js'), `export default { name: 'bench', setup(ctx) { ctx.tool('echo', { description: 'Echoes the message back', input: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } }, (i) => i.message) } }`)
writeFileSync(join(project, 'mmm.config.json'), JSON.stringify({ plugins: ['./plugins/bench.js'] }))
const bin = (pkg: string) => join(repoRoot, 'node_modules', '@modelcontextprotocol', pkg, 'dist', 'index.js')
const node = process.execPath
const mmmArgs = [join(repoRoot, 'kernel', 'bin', 'mmm.js'), '-C', project, 'mcp']

const targets: Target[] = [
  { name: 'mmm mcp (sandboxed plugin)', command: node, args: mmmArgs, call: { name: 'bench_echo', arguments: { message: 'hi' } },
    http: () => startHttp(node, [...mmmArgs, '--http', '--port', '0'], {}, true) },
  { name: 'SDK echo server (v2)', command: node, args: [join(repoRoot, 'bench', 'mcpEchoServer.ts')], call: { name: 'echo', arguments: { message: 'hi' } },
    http: () => startHttp(node, [join(repoRoot, 'bench', 'mcpEchoServer.ts'), 'http', '0'], {}, true) },
  { name: 'server-everything', command: node, args: [bin('server-everything')], call: { name: 'echo', arguments: { message: 'hi' } },
    http: () => startHttp(node, [bin('server-everything'), 'streamableHttp'], { PORT: String(40000 + Math.floor(Math.random() * 20000)) }, false) },
  { name: 'server-filesystem', command: node, args: [bin('server-filesystem'), project], call: { name: 'list_allowed_directories', arguments: {} } },
]

async function connect(t: Target): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' })
  await client.connect(new StdioClientTransport({ command: t.command, args: t.args, env: { PATH: process.env.PATH ?? '', HOME: project }, stderr: 'ignore' }))
  return client
}

// Each measurement is interleaved across the servers (round-robin), so load from other work on the
// machine falls on all of them alike instead of on whichever ran at the wrong moment.
async function coldAll(): Promise<Map<Target, { init: number[]; tools: number[] }>> {
  const out = new Map(targets.map((t) => [t, { init: [] as number[], tools: [] as number[] }]))
  for (let i = 0; i < N.cold; i++) {
    for (const t of targets) {
      const t0 = performance.now()
      const client = await connect(t)
      out.get(t)!.init.push(performance.now() - t0)
      await client.listTools()
      out.get(t)!.tools.push(performance.now() - t0)
      await client.close()
    }
  }
  return out
}

async function latencyAll(): Promise<Map<Target, { samples: number[]; perSec: number }>> {
  const clients = new Map<Target, Client>()
  for (const t of targets) clients.set(t, await connect(t))
  const out = new Map(targets.map((t) => [t, { samples: [] as number[], perSec: 0 }]))
  for (const t of targets) for (let i = 0; i < N.warm; i++) await clients.get(t)!.callTool(t.call)
  const ROUNDS = 5
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of targets) {
      const client = clients.get(t)!
      for (let i = 0; i < N.calls / ROUNDS; i++) {
        const t0 = performance.now()
        const res = await client.callTool(t.call)
        out.get(t)!.samples.push(performance.now() - t0)
        if (res.isError) throw new Error(`${t.name}: ${JSON.stringify(res.content)}`)
      }
    }
  }
  // Throughput: 32 calls in flight until N.burst have completed, in two rounds per server.
  const spent = new Map(targets.map((t) => [t, 0]))
  for (let r = 0; r < 2; r++) {
    for (const t of targets) {
      const client = clients.get(t)!
      let next = 0
      const t0 = performance.now()
      await Promise.all(Array.from({ length: 32 }, async () => { while (next++ < N.burst / 2) await client.callTool(t.call) }))
      spent.set(t, spent.get(t)! + (performance.now() - t0))
    }
  }
  for (const t of targets) {
    out.get(t)!.perSec = N.burst / (spent.get(t)! / 1000)
    await clients.get(t)!.close()
  }
  return out
}

async function startHttp(command: string, args: string[], env: Record<string, string>, modern: boolean): Promise<{ url: string; stop: () => void; modern: boolean }> {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', HOME: project, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = /(http:\/\/(?:127\.0\.0\.1|localhost):\d+\/mcp)/.exec(out)
      if (m) resolve(m[1]!)
      else if (env.PORT && out.includes(env.PORT)) resolve(`http://127.0.0.1:${env.PORT}/mcp`)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (c) => reject(new Error(`exited ${c}: ${out}`)))
    setTimeout(() => reject(new Error(`no URL: ${out}`)), 30_000)
  })
  return { url, modern, stop: () => child.kill() }
}

const machine = machineInfo()
const started = performance.now()
// Warm the manifest cache and the compile caches once, as any second start would find them.
await (await connect(targets[0]!)).close()
// The same tool through kernel.call in this process, without MCP: what the MCP layer sits on.
async function kernelOnly(): Promise<Array<{ history: boolean; p50: number; p99: number; perSec: number }>> {
  const k = await createKernel({ cwd: project, userConfigDir: false })
  const out = []
  try {
    for (let i = 0; i < N.warm; i++) await k.call('bench.echo', { message: 'hi' })
    for (const history of [true, false]) {
      const samples: number[] = []
      for (let i = 0; i < N.calls; i++) {
        const t0 = performance.now()
        await k.call('bench.echo', { message: 'hi' }, { history, caller: 'bench' })
        samples.push(performance.now() - t0)
      }
      let next = 0
      const t0 = performance.now()
      await Promise.all(Array.from({ length: 32 }, async () => { while (next++ < N.burst) await k.call('bench.echo', { message: 'hi' }, { history, caller: 'bench' }) }))
      const s = summarize(samples)
      out.push({ history, p50: s.median, p99: s.p99, perSec: N.burst / ((performance.now() - t0) / 1000) })
    }
  } finally {
    await k.close()
  }
  return out
}

step('kernel.call in-process')
const kernelRows = await kernelOnly()
step('cold starts (interleaved)')
const colds = await coldAll()
step('tools/call latency and throughput (interleaved)')
const lats = await latencyAll()
const results: Array<{ t: Target; cold: { init: number[]; tools: number[] }; lat: { samples: number[]; perSec: number }; http: HttpResult[] }> = []
for (const t of targets) {
  const http: HttpResult[] = []
  if (t.http) {
    step(`${t.name}: HTTP`)
    const server = await t.http()
    try {
      http.push(...(await benchHttp(server.url, t.call, { seconds: N.httpSec, modern: server.modern })))
    } finally {
      server.stop()
    }
  }
  results.push({ t, cold: colds.get(t)!, lat: lats.get(t)!, http })
}
rmSync(project, { recursive: true, force: true })

const base = results.find((r) => r.t.name.startsWith('SDK echo'))!
const everything = results.find((r) => r.t.name === 'server-everything')!
const mmm = results[0]!
const med = (xs: number[]) => summarize(xs).median
const lines = [
  '# MCP server benchmarks',
  '',
  `Command: \`node --no-node-snapshot bench/mcp.ts\` (from the repository root, after \`pnpm build\`)${quick ? ' — **--quick run, small samples**' : ''}.`,
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, ${machine.os}; Node ${machine.node}; commit ${machine.commit}; ${machine.date}.`,
  `Load average (1/5/15 min) at start: ${machine.loadAvg}; at end: ${loadAvg()} (the bench itself runs client, servers and plugin host on these 2 cores; the machine is a shared VM whose speed moves between runs, so compare servers within one run).`,
  `Duration: ${Math.round((performance.now() - started) / 1000)} s. Client: @modelcontextprotocol/client 2.4 (2025 handshake for stdio, so every server is measured the same way).`,
  '',
  '## stdio cold start (spawn → initialize answered → tools/list answered)',
  '',
  table(['server', 'initialize p50', 'tools/list p50', 'tools/list p90', `vs server-everything (tools/list p50)`],
    results.map((r) => [r.t.name, ms(med(r.cold.init)), ms(med(r.cold.tools)), ms(summarize(r.cold.tools).p90), `${(med(r.cold.tools) / med(everything.cold.tools)).toFixed(2)}×`])),
  '',
  `Samples: ${N.cold} starts each, the servers taking turns. "tools/list answered" means the plugins are available; for mmm the sandbox itself starts on the first tools/call.`,
  '',
  `## stdio tools/call (${N.calls} sequential calls after ${N.warm} warm-up, in 5 rounds taking turns; then ${N.burst} calls with 32 in flight, in 2 rounds)`,
  '',
  table(['server', 'p50', 'p99', 'p50 − echo p50', 'calls/s at 32 in flight', 'vs echo'],
    results.map((r) => {
      const s = summarize(r.lat.samples)
      return [r.t.name, ms(s.median), ms(s.p99), ms(s.median - summarize(base.lat.samples).median), Math.round(r.lat.perSec), `${(r.lat.perSec / base.lat.perSec).toFixed(2)}×`]
    })),
  '',
  `mmm's call goes client → stdio → mmm → dispatcher (input validation, hooks, a command-history write) → IPC → plugin-host process → isolate and back; the echo server answers in-process. Below it, the same tool through \`kernel.call\` in the bench process, without MCP (measured in this run before the servers):`,
  '',
  table(['kernel.call (no MCP)', 'p50', 'p99', 'calls/s at 32 in flight'], kernelRows.map((r) => [r.history ? 'history on (as mmm mcp runs)' : 'history: false', ms(r.p50), ms(r.p99), Math.round(r.perSec)])),
  '',
  `## Streamable HTTP (autocannon, 32 connections, ${N.httpSec} s per row, loopback)`,
  '',
  table(['server', 'mode', 'req/s', 'p50', 'p99', 'non-2xx', 'errors + timeouts', 'vs echo (same mode)'],
    results.flatMap((r) => r.http.map((h) => {
      const b = base.http.find((x) => x.mode === h.mode)
      return [r.t.name, h.mode, Math.round(h.reqPerSec), ms(h.p50), ms(h.p99), h.non2xx, h.errors, b ? `${(h.reqPerSec / b.reqPerSec).toFixed(2)}×` : '—']
    }))),
  '',
  'Modes: "2026-07-28" posts a stateless tools/call carrying the per-request envelope (captured from the v2 client); "2025 session" posts tools/call in an initialized session (server-everything speaks only this one). mmm runs its full guard (Host/Origin checks, body cap) on every request; the echo server has none.',
  '',
  '## Against the targets of issue 4',
  '',
  targetsTable(),
  '',
  `Reading it: \`kernel.call\` alone (the same tool, in this process) measured ${ms(kernelRows[0]!.p50)} at p50; \`mmm mcp\` adds ${ms(summarize(mmm.lat.samples).median - kernelRows[0]!.p50)} on top of it, against the echo server's ${ms(summarize(base.lat.samples).median)} in total. With 32 calls in flight the in-process kernel reaches ${Math.round(kernelRows[0]!.perSec)} calls/s with history on and ${Math.round(kernelRows[1]!.perSec)} with history off. Where a call's time goes, from a breakdown of \`kernel.call\` taken by hand (timestamps at each step of the dispatcher and the runtime): the kernel's own work (lookup, input validation, hooks, history) is about 25 µs; the rest is the round trip to the plugin host — two IPC writes (each ~15–20 µs of system time on this VM), two wake-ups of a sleeping process, the host's (de)serialization, and the guest's work, which is about 7 µs (measured alone: the host enters the isolate synchronously with \`applySync\`; the async \`apply\` it used before cost two thread hops, ~90 µs a call). A bare IPC round trip between two idle Node processes measures 75–95 µs here, so a tool that runs in a plugin-host process, as DESIGN §5 requires, stays above the echo server's latency by about that much whatever the MCP layer does. Under load the extra process is also one more on two cores (client, mmm, the plugin host, SQLite's thread). The command history costs little now: calls recorded within 20 ms are written in one statement, a prune (every 500 calls) deletes in one statement, and callers wait for the database only past 8192 unwritten entries. The MCP layer itself (SDK request parsing and result validation, the catalog lookup, the call driver) costs about what the whole echo server does; the kernel sends a host the messages of one event-loop turn in one IPC write, and stdout answers made during a write leave in one. In HTTP's 2026-07-28 mode both servers build a server instance per request, which dominates; in 2025 session mode all calls go through the one kernel on the same two cores as the load generator. Latency percentiles on this 2-core VM move from run to run with the machine (a slow call is a stall of a few ms in any of the three processes, not a fixed cost of the path): compare with the echo server's in the same run.`,
  '',
  `Headline: cold start ${(med(mmm.cold.tools) / med(everything.cold.tools)).toFixed(2)}× server-everything's; tools/call p50 ${ms(summarize(mmm.lat.samples).median)} vs echo ${ms(summarize(base.lat.samples).median)}, p99 ${ms(summarize(mmm.lat.samples).p99)}; throughput ${(mmm.lat.perSec / base.lat.perSec).toFixed(2)}× echo.`,
  '',
]
function targetsTable(): string {
  const mmmLat = summarize(mmm.lat.samples)
  const echoLat = summarize(base.lat.samples)
  const coldRatio = med(mmm.cold.tools) / med(everything.cold.tools)
  const rows: Array<Array<string | number>> = [
    ['stdio cold start ≤ 0.5× server-everything\'s', `${coldRatio.toFixed(2)}×`, coldRatio <= 0.5 ? 'met' : 'missed'],
    ['stdio tools/call p50 within 0.1 ms of the echo server\'s', `+${ms(mmmLat.median - echoLat.median)}`, mmmLat.median - echoLat.median <= 0.1 ? 'met' : 'missed'],
    ['stdio tools/call p99 ≤ 2 ms', ms(mmmLat.p99), mmmLat.p99 <= 2 ? 'met' : 'missed'],
    ['throughput with 32 in flight ≥ 0.8× echo', `${(mmm.lat.perSec / base.lat.perSec).toFixed(2)}×`, mmm.lat.perSec / base.lat.perSec >= 0.8 ? 'met' : 'missed'],
  ]
  for (const h of mmm.http) {
    const b = base.http.find((x) => x.mode === h.mode)!
    rows.push([`HTTP (${h.mode}) req/s ≥ the SDK echo server's`, `${(h.reqPerSec / b.reqPerSec).toFixed(2)}×`, h.reqPerSec >= b.reqPerSec ? 'met' : 'missed'])
    rows.push([`HTTP (${h.mode}) p99 ≤ 30 ms at 32 connections`, ms(h.p99), h.p99 <= 30 ? 'met' : 'missed'])
  }
  return table(['target', 'measured', 'verdict'], rows)
}

const report = lines.join('\n')
process.stdout.write(`${report}\n`)
if (write) writeFileSync(new URL('./RESULTS-mcp.md', import.meta.url), report)
