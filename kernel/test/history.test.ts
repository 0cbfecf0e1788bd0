// Command history (DESIGN §4) on a real SQLite state file: order, limits, filters, lookups,
// pruning, ids under concurrency, and inputs too large to keep.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalJson } from '../src/state/canonicalJson.ts'
import { HistoryStore, nextHistoryId, type HistoryAppend } from '../src/state/HistoryStore.ts'
import { openStateStore, type StateStore } from '../src/state/openStateStore.ts'

const call = (tool: string, input: unknown = {}, extra: Partial<HistoryAppend> = {}): HistoryAppend => ({
  tool,
  caller: 'test',
  startedAt: new Date().toISOString(),
  durationMs: 1.5,
  outcome: 'ok',
  input,
  ...extra,
})

describe('HistoryStore', () => {
  let root: string
  const opened: StateStore[] = []
  const open = async () => {
    const s = await openStateStore({ url: 'sqlite://.mmm/state.db', root })
    opened.push(s)
    return s
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mmm-history-'))
  })
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((s) => s.close()))
    rmSync(root, { recursive: true, force: true })
  })

  it('records a call with a digest of its canonical input, and gives it back by id with the input', async () => {
    const history = new HistoryStore(await open())
    const input = { b: [1, { y: 2, x: 1 }], a: 'x' }
    const entry = await history.append(call('analyzer.analyze', input, { outcome: 'error', errorCode: 'MMM_PLUGIN_TIMEOUT', caller: 'cli' }))
    expect(entry).toMatchObject({ tool: 'analyzer.analyze', caller: 'cli', outcome: 'error', errorCode: 'MMM_PLUGIN_TIMEOUT', durationMs: 1.5, input })
    expect(entry.inputDigest).toBe(createHash('sha256').update('{"a":"x","b":[1,{"x":1,"y":2}]}').digest('hex'))
    expect(await history.get(entry.id)).toEqual(entry)
  })

  it('lists newest first, 20 by default, with a limit and a tool filter; list entries carry no input', async () => {
    const history = new HistoryStore(await open())
    for (let i = 0; i < 25; i++) await history.append(call(i % 3 === 0 ? 'git.status' : 'hello.greet', { i }))
    const latest = await history.list()
    expect(latest).toHaveLength(20)
    expect(latest.map((e) => e.id)).toEqual([...latest.map((e) => e.id)].sort().reverse())
    expect(latest[0]!.inputDigest).toBe(createHash('sha256').update('{"i":24}').digest('hex'))
    expect(latest.every((e) => e.input === undefined)).toBe(true)
    expect(await history.list({ limit: 3 })).toEqual(latest.slice(0, 3))
    const git = await history.list({ tool: 'git.status', limit: 100 })
    expect(git).toHaveLength(9)
    expect(git.every((e) => e.tool === 'git.status')).toBe(true)
    expect(await history.list({ tool: 'nobody.calls-this' })).toEqual([])
    await expect(history.list({ limit: 0 })).rejects.toMatchObject({ code: 'MMM_USAGE' })
  })

  it('says how to find ids when one is unknown', async () => {
    const history = new HistoryStore(await open())
    await history.append(call('hello.greet'))
    for (const id of ['0000000000000000zz', 'not an id', '../e/x', '']) {
      await expect(history.get(id)).rejects.toMatchObject({ code: 'MMM_HISTORY_NOT_FOUND', message: expect.stringContaining('run mmm history to see ids') })
    }
  })

  it('gives every call its own id, in order, even from two stores appending at once', async () => {
    const [one, two] = [new HistoryStore(await open()), new HistoryStore(await open())]
    const entries = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? one : two).append(call('hello.greet', { i }))))
    expect(new Set(entries.map((e) => e.id)).size).toBe(200)
    expect((await one.list({ limit: 1000 })).length).toBe(200)
    // Within one process, ids sort in the order they were made, even within one millisecond.
    const ids = Array.from({ length: 5000 }, () => nextHistoryId())
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(5000)
    expect(ids[0]).toMatch(/^[0-9a-z]{18}$/)
  })

  it('keeps only the newest entries, and drops the inputs of the pruned ones', async () => {
    const history = new HistoryStore(await open(), { maxEntries: 5, pruneEvery: 1 })
    const entries = []
    for (let i = 0; i < 12; i++) entries.push(await history.append(call('hello.greet', { i })))
    const kept = await history.list({ limit: 100 })
    expect(kept.map((e) => e.id)).toEqual(entries.slice(-5).map((e) => e.id).reverse())
    await expect(history.get(entries[0]!.id)).rejects.toMatchObject({ code: 'MMM_HISTORY_NOT_FOUND' })
    const s = opened[0]!
    expect((await s.list('kernel:history', 'i/')).map((e) => e.key)).toEqual(entries.slice(-5).map((e) => `i/${e.id}`))
  })

  it('prunes on the first append and then every n-th, so most appends cost one write', async () => {
    const s = await open()
    const filler = new HistoryStore(s, { maxEntries: 1000 })
    for (let i = 0; i < 10; i++) await filler.append(call('hello.greet', { i }))
    const history = new HistoryStore(s, { maxEntries: 3, pruneEvery: 4 })
    await history.append(call('hello.greet')) // 1st: prunes down to 3
    expect(await history.list({ limit: 100 })).toHaveLength(3)
    for (let i = 0; i < 3; i++) await history.append(call('hello.greet')) // 2nd–4th: no pruning
    expect(await history.list({ limit: 100 })).toHaveLength(6)
    await history.append(call('hello.greet')) // 5th: prunes
    expect(await history.list({ limit: 100 })).toHaveLength(3)
    expect(await history.prune()).toBe(0)
  })

  it('keeps the digest but not the input when the input is over 64 KB', async () => {
    const history = new HistoryStore(await open())
    const big = { text: 'x'.repeat(64 * 1024) }
    const entry = await history.append(call('files.write', big))
    expect(entry.input).toBeUndefined()
    expect(entry.inputDigest).toBe(createHash('sha256').update(canonicalJson(big)).digest('hex'))
    const stored = await history.get(entry.id)
    expect(stored.input).toBeUndefined()
    expect(stored.inputDigest).toBe(entry.inputDigest)
    const small = await history.append(call('files.write', { text: 'x'.repeat(60 * 1024) }))
    expect((await history.get(small.id)).input).toEqual({ text: 'x'.repeat(60 * 1024) })
  })

  it('survives a restart', async () => {
    const first = await open()
    const entry = await new HistoryStore(first).append(call('hello.greet', { name: 'Ada' }))
    await first.close()
    const again = new HistoryStore(await open())
    expect(await again.get(entry.id)).toEqual(entry)
    expect((await again.list()).map((e) => e.id)).toEqual([entry.id])
  })

  it('writes the calls recorded within its window together, and flush() writes them at once', async () => {
    const store = await open()
    const history = new HistoryStore(store, { batchWindowMs: 60_000 })
    const input = { n: 1 }
    for (let i = 0; i < 3; i++) history.record(call('hello.greet', input), (e) => { throw e })
    // The input is fixed when the call is recorded, not when the batch is written.
    input.n = 2
    expect(history.pending).toBe(3)
    expect(await store.list('kernel:history', 'e/')).toEqual([])
    await history.flush()
    expect(history.pending).toBe(0)
    const stored = await store.list<{ id: string }>('kernel:history', 'e/')
    expect(stored).toHaveLength(3)
    expect((await history.get(stored[0]!.value.id)).input).toEqual({ n: 1 })
    // A malformed entry is refused when it is recorded.
    const refused: unknown[] = []
    history.record(call('hello.greet', {}, { outcome: 'maybe' as 'ok' }), (e) => refused.push(e))
    expect(refused).toEqual([expect.objectContaining({ code: 'MMM_STATE_ERROR' })])
  })

  it('stores inputs the way canonical JSON has them, and refuses malformed entries', async () => {
    const history = new HistoryStore(await open())
    const entry = await history.append(call('hello.greet', { when: new Date(0), skip: undefined, n: Number.NaN }))
    expect((await history.get(entry.id)).input).toEqual({ n: null, when: '1970-01-01T00:00:00.000Z' })
    expect((await history.append({ ...call('hello.greet'), input: undefined })).input).toBeNull()
    await expect(history.append(call('hello.greet', {}, { outcome: 'maybe' as 'ok' }))).rejects.toMatchObject({ code: 'MMM_STATE_ERROR' })
    await expect(history.append(call('hello.greet', {}, { startedAt: 'yesterday' }))).rejects.toMatchObject({ code: 'MMM_STATE_ERROR' })
  })
})

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: 0, y: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[3,1,{"y":0,"z":0}]},"b":1}')
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }))
    expect(canonicalJson({ 10: 'a', 9: 'b', x: 'c' })).toBe('{"10":"a","9":"b","x":"c"}')
  })

  it('follows JSON.stringify for everything else', () => {
    const samples = ['str', 1.25, true, null, [1, undefined, () => 1], { u: undefined, f: () => 1 }, new Date(0), Number.NaN, 'ü🚀\n']
    for (const v of samples) expect(canonicalJson(v)).toBe(JSON.stringify(v))
  })

  it('refuses what has no JSON form', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.me = cyclic
    for (const v of [undefined, () => 1, Symbol('s'), 1n, { n: 1n }, cyclic]) {
      expect(() => canonicalJson(v)).toThrow(expect.objectContaining({ code: 'MMM_STATE_ERROR' }))
    }
  })
})
