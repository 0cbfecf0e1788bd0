// 5. Idle memory per loaded plugin: VmRSS of each plugin-host process after load and after a few calls,
// for 1 and for 5 plugins, and how much the kernel process grows. Each case runs in a fresh process.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { mb, summarize, table } from './stats.ts'

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

export function reportMemory(cases: MemoryCase[]): string {
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
  ].join('\n')
}
