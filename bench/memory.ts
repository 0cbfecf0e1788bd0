// 5. Idle memory per loaded plugin: VmRSS of each plugin-host process after load and after a few calls,
// for 1 and for 5 plugins, and how much the kernel process grows. Each case runs in a fresh process.
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { helloBundle, hostForkOptions, hostScript, repoRoot } from './paths.ts'
import { rssOf } from './procfs.ts'
import { mb, summarize, table } from './stats.ts'

const builtHost = `${repoRoot}/kernel/dist/pluginHost.js`

interface ChildReport {
  count: number
  calls: number
  names: string[]
  afterLoad: Record<string, number>
  afterCalls: Record<string, number>
  kernel: { before: number; loaded: number; calls: number }
}

export interface MemoryCase {
  plugins: number
  calls: number
  runs: number
  /** Median over runs of the mean host RSS, and the median over runs of the sum over hosts. */
  hostLoadMean: number
  hostCallsMean: number
  hostLoadSum: number
  hostCallsSum: number
  hostCallsMin: number
  hostCallsMax: number
  kernelBefore: number
  kernelDeltaLoad: number
  kernelDeltaCalls: number
}

const med = (xs: number[]) => summarize(xs).median

async function runChild(count: number): Promise<ChildReport> {
  const file = fileURLToPath(new URL('./memChild.ts', import.meta.url))
  const child = fork(file, [String(count)], { execArgv: ['--no-node-snapshot'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const report = new Promise<ChildReport>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ChildReport))
    child.once('exit', (code) => reject(new Error(`memChild ${count} exited with ${code} before reporting`)))
  })
  const r = await report
  await once(child, 'exit')
  return r
}

export interface HostRow {
  what: string
  afterLoad: number
  afterCalls: number
}

const settle = () => new Promise((r) => setTimeout(r, 300))

function reply(child: ChildProcess, t: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: { t?: string }) => {
      if (m.t === t) {
        child.off('message', onMsg)
        resolve()
      } else if (m.t === 'load-failed') reject(new Error(JSON.stringify(m)))
    }
    child.on('message', onMsg)
  })
}

/** One plugin host forked directly (as PluginRuntime does), hello loaded, then 5 prompt renders (no capability calls). */
async function directHost(script: string): Promise<{ afterLoad: number; afterCalls: number }> {
  const child = fork(script, [], hostForkOptions())
  child.stdout?.resume()
  child.stderr?.resume()
  try {
    const loaded = reply(child, 'loaded')
    child.send({ t: 'load', code: helloBundle, meta: JSON.stringify({ name: 'hello', version: '0.1.0', options: {}, root: repoRoot, env: {} }), limits: { memoryLimitMb: 128, maxResultBytes: 16 * 1024 * 1024, loadTimeoutMs: 30_000 } })
    await loaded
    await settle()
    const afterLoad = rssOf(child.pid!)
    for (let i = 0; i < 5; i++) {
      const done = reply(child, 'result')
      child.send({ t: 'invoke', id: i + 1, kind: 'prompt', name: 'welcome', input: JSON.stringify({ name: `Ada${i}` }), caller: 'bench', cpuTimeoutMs: 10_000 })
      await done
    }
    await settle()
    return { afterLoad, afterCalls: rssOf(child.pid!) }
  } finally {
    const gone = once(child, 'exit')
    child.kill('SIGKILL')
    await gone
  }
}

/** The floor: an idle `node --no-node-snapshot` process, and plugin hosts from the sources and from the build. */
export async function benchHostMemory(runs = 3): Promise<HostRow[]> {
  const idle: number[] = []
  for (let i = 0; i < runs; i++) {
    const child = spawn(process.execPath, ['--no-node-snapshot', '-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    await once(child, 'spawn')
    await settle()
    idle.push(rssOf(child.pid!))
    const gone = once(child, 'exit')
    child.kill('SIGKILL')
    await gone
  }
  const rows: HostRow[] = [{ what: 'idle `node --no-node-snapshot` process (the floor of any host)', afterLoad: med(idle), afterCalls: Number.NaN }]
  const hosts: Array<[string, string]> = [['plugin host from the sources (`kernel/src/sandbox/pluginHost.ts`, type-stripped at start)', hostScript]]
  if (existsSync(builtHost)) hosts.push(['plugin host from the build (`kernel/dist/pluginHost.js`, what the built CLI forks)', builtHost])
  for (const [what, script] of hosts) {
    const rs = []
    for (let i = 0; i < runs; i++) rs.push(await directHost(script))
    rows.push({ what, afterLoad: med(rs.map((r) => r.afterLoad)), afterCalls: med(rs.map((r) => r.afterCalls)) })
  }
  return rows
}

export async function benchMemory(counts = [1, 5], runs = 3): Promise<MemoryCase[]> {
  const out: MemoryCase[] = []
  for (const count of counts) {
    const reports: ChildReport[] = []
    for (let i = 0; i < runs; i++) reports.push(await runChild(count))
    const vals = (r: ChildReport, which: 'afterLoad' | 'afterCalls') => Object.values(r[which])
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
    out.push({
      plugins: count,
      calls: reports[0]!.calls,
      runs,
      hostLoadMean: med(reports.map((r) => sum(vals(r, 'afterLoad')) / count)),
      hostCallsMean: med(reports.map((r) => sum(vals(r, 'afterCalls')) / count)),
      hostLoadSum: med(reports.map((r) => sum(vals(r, 'afterLoad')))),
      hostCallsSum: med(reports.map((r) => sum(vals(r, 'afterCalls')))),
      hostCallsMin: Math.min(...reports.flatMap((r) => vals(r, 'afterCalls'))),
      hostCallsMax: Math.max(...reports.flatMap((r) => vals(r, 'afterCalls'))),
      kernelBefore: med(reports.map((r) => r.kernel.before)),
      kernelDeltaLoad: med(reports.map((r) => r.kernel.loaded - r.kernel.before)),
      kernelDeltaCalls: med(reports.map((r) => r.kernel.calls - r.kernel.before)),
    })
  }
  return out
}

export function reportMemory(cases: MemoryCase[], hosts: HostRow[]): string {
  const c0 = cases[0]!
  return [
    '### 5. Idle memory per loaded plugin',
    '',
    `Plugins: plugins/hello, plus small inline plugins (a tool that reads and writes state) to make up the count. ` +
      `VmRSS from /proc/<pid>/status (pid = kernel.plugins.get(name).runtime.pid), 300 ms after load and after ${c0.calls} calls per plugin; ` +
      `kernel = this process's RSS (process.memoryUsage().rss), relative to the moment before createTestKernel (kernel modules already imported). ` +
      `Each case in a fresh process, median of ${c0.runs} runs.`,
    '',
    table(['Plugins', 'host RSS after load (mean per host)', `host RSS after ${c0.calls} calls each (mean; min–max)`, 'all hosts after calls (sum)', 'kernel RSS before', 'kernel Δ after load', 'kernel Δ after calls'], cases.map((c) => [
      c.plugins,
      mb(c.hostLoadMean),
      `${mb(c.hostCallsMean)} (${mb(c.hostCallsMin)}–${mb(c.hostCallsMax)})`,
      mb(c.hostCallsSum),
      mb(c.kernelBefore),
      `+${mb(c.kernelDeltaLoad)}`,
      `+${mb(c.kernelDeltaCalls)}`,
    ])),
    '',
    `One plugin host forked directly with plugins/hello (median of ${c0.runs}; "calls" = 5 renders of its prompt), against the floor:`,
    '',
    table(['Process', 'RSS after load', 'RSS after 5 calls'], hosts.map((h) => [h.what, mb(h.afterLoad), Number.isFinite(h.afterCalls) ? mb(h.afterCalls) : '—'])),
    '',
    'Reading it: a plugin host is a whole Node process, so its floor is an idle Node without the startup snapshot; isolated-vm, the 128 MB-limit isolate ' +
      'and the plugin add little on top. A host started from the sources also carries Node\'s TypeScript stripper (amaro, a wasm module) for its ' +
      'one .ts entry; the built host does not. createTestKernel (the rows above) runs from the sources.',
    '',
  ].join('\n')
}
