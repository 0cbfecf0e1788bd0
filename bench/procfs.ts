// Memory of processes from Linux /proc: VmRSS / VmHWM of one process, and a sampler that follows a
// whole process tree (the CLI and the plugin hosts it forks), since rusage only knows one process.
import { readdirSync, readFileSync } from 'node:fs'

export const hasProc = (() => {
  try {
    readFileSync('/proc/self/status', 'utf8')
    return true
  } catch {
    return false
  }
})()

/** { rss, hwm } in bytes, or undefined when the process is gone. */
export function memOf(pid: number): { rss: number; hwm: number } | undefined {
  let status: string
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)
    return m ? Number(m[1]) * 1024 : Number.NaN
  }
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
}

export function rssOf(pid: number): number {
  return memOf(pid)?.rss ?? Number.NaN
}

function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // pid (comm) state ppid ...; comm may contain spaces and parentheses: split after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** Every live descendant of `root` (not `root` itself), with its parent. */
export function descendants(root: number): Array<{ pid: number; ppid: number }> {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const ppid = parentOf(name)
    if (ppid === undefined) continue
    const list = children.get(ppid) ?? []
    list.push(Number(name))
    children.set(ppid, list)
  }
  const out: Array<{ pid: number; ppid: number }> = []
  const queue = (children.get(root) ?? []).map((pid) => ({ pid, ppid: root }))
  while (queue.length) {
    const p = queue.shift()!
    out.push(p)
    for (const pid of children.get(p.pid) ?? []) queue.push({ pid, ppid: p.pid })
  }
  return out
}

export interface TreeMemory {
  /** Highest VmHWM of the root process seen. */
  rootPeak: number
  /** Highest VmHWM seen per descendant, by pid, with its parent pid. */
  childPeaks: Map<number, { ppid: number; hwm: number }>
  /** Highest sum of VmRSS over the tree at one sample (without the root when `excludeRoot`). */
  treePeak: number
  samples: number
}

/**
 * Samples the tree under `root` every `everyMs` until stopped. VmHWM is the kernel's own peak for a
 * process, so per-process peaks are exact as long as the process is sampled once before it exits;
 * the tree sum is only as good as the sampling rate.
 */
export function sampleTree(root: number, everyMs = 5, excludeRoot = false): { stop: () => TreeMemory } {
  const result: TreeMemory = { rootPeak: 0, childPeaks: new Map(), treePeak: 0, samples: 0 }
  const tick = () => {
    const r = memOf(root)
    if (!r) return
    result.rootPeak = Math.max(result.rootPeak, r.hwm)
    let sum = excludeRoot ? 0 : r.rss
    for (const { pid, ppid } of descendants(root)) {
      const m = memOf(pid)
      if (!m || !Number.isFinite(m.rss)) continue // zombies have no VmRSS
      sum += m.rss
      result.childPeaks.set(pid, { ppid, hwm: Math.max(result.childPeaks.get(pid)?.hwm ?? 0, m.hwm) })
    }
    result.treePeak = Math.max(result.treePeak, sum)
    result.samples++
  }
  tick()
  const timer = setInterval(tick, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return result
    },
  }
}
