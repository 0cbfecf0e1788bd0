// Forked by coldLoad.ts: the bare isolated-vm baseline (isolate + context + the bundle as a script) done
// once in a fresh process, so it pays the same first-isolate-in-a-process costs a plugin host pays.
import { performance } from 'node:perf_hooks'

const t0 = performance.now()
const { ivm, asScript, helloBundle } = await import('./paths.ts')
const t1 = performance.now()
const isolate = new ivm.Isolate({ memoryLimit: 128 })
const context = await isolate.createContext()
const script = await isolate.compileScript(asScript(helloBundle))
await script.run(context)
const t2 = performance.now()
isolate.dispose()
process.send?.({ importMs: t1 - t0, isolateMs: t2 - t1 }, () => process.exit(0))
