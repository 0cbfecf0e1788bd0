// Forked by memory.ts (a fresh process per case, so the kernel's RSS is not muddied by other benchmarks):
// starts a test kernel with plugins/hello plus N-1 small inline plugins, reads the RSS of every plugin
// host and of this process after load and after a few calls, and sends the numbers back.
import { createTestKernel } from '../kernel/src/testing/createTestKernel.ts'
import { helloDir } from './paths.ts'
import { rssOf } from './procfs.ts'

const count = Number(process.argv[2] ?? 1)
const CALLS = 5

const inline = (name: string) => `export default {
  name: '${name}',
  setup(ctx) {
    ctx.tool('work', { description: 'counts in state and returns a small object' }, async (input) => {
      const n = ((await ctx.state.get('n')) ?? 0) + 1
      await ctx.state.set('n', n)
      return { n, echo: input }
    })
  },
}`

const settle = () => new Promise((r) => setTimeout(r, 300))

const rssBefore = process.memoryUsage().rss
const plugins = [helloDir, ...Array.from({ length: count - 1 }, (_, i) => ({ name: `mem-${i + 2}`, code: inline(`mem-${i + 2}`) }))]
const k = await createTestKernel({ plugins })
try {
  await settle()
  const names = [...k.plugins.keys()]
  // A fresh project has no manifest cache, so every host starts during createTestKernel.
  const rssOfPlugin = (name: string) => {
    const pid = k.plugins.get(name)!.runtime.pid
    return pid === undefined ? Number.NaN : rssOf(pid)
  }
  const afterLoad = Object.fromEntries(names.map((n) => [n, rssOfPlugin(n)]))
  const rssLoaded = process.memoryUsage().rss
  for (let i = 0; i < CALLS; i++) {
    for (const n of names) {
      if (n === 'hello') await k.call('hello.greet', { name: `Ada${i}` })
      else await k.call(`${n}.work`, { i })
    }
  }
  await settle()
  const afterCalls = Object.fromEntries(names.map((n) => [n, rssOfPlugin(n)]))
  const rssCalls = process.memoryUsage().rss
  process.send?.({ count, calls: CALLS, names, afterLoad, afterCalls, kernel: { before: rssBefore, loaded: rssLoaded, calls: rssCalls } })
} finally {
  await k.close()
}
