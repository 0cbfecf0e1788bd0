// Usage totals from two processes writing to one SQLite state file at the same time: no increment is lost.
import { spawn } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'
import { UsageLedger } from '../src/claude/UsageLedger.ts'
import { openStateStore } from '../src/state/openStateStore.ts'

const src = fileURLToPath(new URL('../src/', import.meta.url))
let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

// Both start recording at the same moment (after their start-up), so their read-modify-writes interleave.
const writer = (root: string, n: number, startAt: number) => `
import { UsageLedger } from ${JSON.stringify(`${src}claude/UsageLedger.ts`)}
import { openStateStore } from ${JSON.stringify(`${src}state/openStateStore.ts`)}
const state = await openStateStore({ url: 'sqlite://.mmm/state.db', root: ${JSON.stringify(root)} })
const ledger = new UsageLedger(state)
const at = new Date().toISOString()
await new Promise((r) => setTimeout(r, Math.max(0, ${startAt} - Date.now())))
for (let i = 0; i < ${n}; i++) await ledger.record({ at, plugin: 'p', model: 'm', provider: 'api', run: 'shared', usage: { inputTokens: 10, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 }, costUsd: 0.001, cached: false, durationMs: 1 })
await state.close()
`

it('two processes recording calls at once: the day and run totals count every call', async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-ledger-')))
  const startAt = Date.now() + 2500
  const run = () => new Promise<number | null>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', writer(dir, 100, startAt)], { stdio: 'inherit' }).on('exit', resolve))
  expect(await Promise.all([run(), run()])).toEqual([0, 0])
  const state = await openStateStore({ url: 'sqlite://.mmm/state.db', root: dir })
  try {
    const ledger = new UsageLedger(state)
    expect(await ledger.day()).toMatchObject({ calls: 200, inputTokens: 2000, outputTokens: 200, costUsd: 0.2 })
    expect(await ledger.run('shared')).toMatchObject({ calls: 200 })
    expect((await ledger.days()).map((d) => d.totals.calls)).toEqual([200])
    expect((await ledger.calls(1000)).length).toBe(200)
  } finally {
    await state.close()
  }
})
