// Where a CLI command's time goes: runs it once under --cpu-prof and sums the profile into a few buckets.
// Each sample goes to the first bucket (in list order) that matches any frame on its stack, so buckets
// do not overlap and, with "everything else", add up to the profile's total.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

export interface Bucket {
  name: string
  test: (fn: string, url: string) => boolean
}

export const CLI_BUCKETS: Bucket[] = [
  { name: 'TypeScript type stripping of .ts files (loading amaro/swc wasm + transforming)', test: (fn, url) => fn === 'processTypeScriptCode' && url.includes('typescript') },
  { name: 'ajv compiling JSON schemas (config schema, tool schemas)', test: (fn, url) => fn === 'compileSchema' && url.includes('/ajv') },
  { name: 'compiling Node built-ins not in the startup snapshot (all of them under --no-node-snapshot)', test: (fn) => fn === 'compileForInternalLoader' },
  { name: 'loading npm packages (CommonJS require)', test: (fn, url) => fn === 'Module._load' && url.includes('cjs/loader') },
  { name: 'waiting (idle main thread: plugin host start, SQLite, process exit)', test: (fn) => fn === '(idle)' },
  { name: 'garbage collection', test: (fn) => fn === '(garbage collector)' },
]

/** Runs argv (a node command) with --cpu-prof; returns ms per bucket and the profile's total. */
export function profileCommand(argv: string[], cwd: string, buckets = CLI_BUCKETS): { totalMs: number; buckets: Array<[string, number]> } {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-bench-prof-'))
  try {
    const [node, ...rest] = argv
    const r = spawnSync(node!, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '250', ...rest], { cwd, stdio: 'ignore' })
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status} under --cpu-prof`)
    // One profile per thread/process that ran with the flag; the main one is the biggest.
    const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
    const profiles = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile)
    const p = profiles.sort((a, b) => b.endTime - b.startTime - (a.endTime - a.startTime))[0]
    if (!p) throw new Error('no CPU profile written')
    return summarizeProfile(p, buckets)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function summarizeProfile(p: Profile, buckets: Bucket[]): { totalMs: number; buckets: Array<[string, number]> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const selfUs = new Map<number, number>()
  let total = 0
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt)
    total += dt
  })
  const sums = new Array<number>(buckets.length).fill(0)
  for (const [id, us] of selfUs) {
    let best = buckets.length
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame
      for (let i = 0; i < best; i++) if (buckets[i]!.test(f.functionName, f.url)) best = i
    }
    if (best < buckets.length) sums[best]! += us
  }
  const named = sums.reduce((a, b) => a + b, 0)
  return { totalMs: total / 1000, buckets: [...buckets.map((b, i): [string, number] => [b.name, sums[i]! / 1000]), ['everything else (running kernel and CLI code, module linking, ...)', (total - named) / 1000]] }
}
