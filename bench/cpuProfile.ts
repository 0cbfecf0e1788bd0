// Where a CLI command's time goes: runs it once under --cpu-prof and sums the profile into a few buckets
// (inclusive time of well-known frames; the buckets can nest, e.g. ajv compiling inside a module import).
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
  { name: 'TypeScript type stripping of kernel .ts files (amaro/swc wasm)', test: (fn, url) => fn === 'processTypeScriptCode' && url.includes('typescript') },
  { name: 'compiling Node built-ins (no snapshot: --no-node-snapshot)', test: (fn) => fn === 'compileForInternalLoader' },
  { name: 'ajv compiling JSON schemas (config schema, tool schemas)', test: (fn, url) => fn === 'compileSchema' && url.includes('/ajv') },
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
    const hit = new Set<number>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame
      buckets.forEach((b, i) => {
        if (!hit.has(i) && b.test(f.functionName, f.url)) hit.add(i)
      })
    }
    for (const i of hit) sums[i]! += us
  }
  return { totalMs: total / 1000, buckets: buckets.map((b, i) => [b.name, sums[i]! / 1000]) }
}
