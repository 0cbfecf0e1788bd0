// Child of analyzerPhases.ts (copyExperiment): the plugin host's way of answering a capability call,
// replayed — an async ivm.Reference whose string result is copied into a 128 MB isolate
// (`result: { promise: true, copy: true }`, as guest/runtime.js asks), which JSON.parses it and drops it.
// The answers are the tree's files in readMany-sized batches (400 files), cycled `calls` times.
//   node --no-node-snapshot [--expose-gc] bench/analyzerCopyChild.ts <dir> <calls> [gc]
// Prints {"rssBefore":…,"rssAfter":…,"ms":…,"mb":…} (bytes, ms, MB handed over in total).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ivm } from './paths.ts'

const [dir = '.', callsArg = '50', mode = ''] = process.argv.slice(2)
const calls = Number(callsArg)
const files: Array<{ path: string; content: string }> = []
for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
  if (e.isFile() && !e.parentPath.split('/').includes('.mmm')) files.push({ path: e.name, content: readFileSync(join(e.parentPath, e.name), 'utf8') })
}
const answers: string[] = []
for (let i = 0; i < files.length; i += 400) answers.push(JSON.stringify({ ok: true, value: files.slice(i, i + 400) }))

const gc = mode === 'gc' ? (globalThis as { gc?: () => void }).gc : undefined
let n = 0
let chars = 0
const hostCall = new ivm.Reference(async () => {
  if (gc && n % 10 === 0) gc()
  const a = answers[n++ % answers.length]!
  chars += a.length
  return a
})
const isolate = new ivm.Isolate({ memoryLimit: 128 })
const context = await isolate.createContext()
const rssBefore = process.memoryUsage().rss
const t0 = performance.now()
await context.evalClosure(
  `return (async () => {
     let lines = 0
     for (let i = 0; i < ${calls}; i++) {
       const json = await $0.apply(undefined, [], { result: { promise: true, copy: true } })
       for (const f of JSON.parse(json).value) lines += f.content.length > 0 ? 1 : 0
     }
     return lines
   })()`,
  [hostCall],
  { result: { promise: true, copy: true } },
)
const ms = performance.now() - t0
process.stdout.write(`${JSON.stringify({ rssBefore, rssAfter: process.memoryUsage().rss, ms, mb: chars / 1024 / 1024 })}\n`)
isolate.dispose()
