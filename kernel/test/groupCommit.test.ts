// Group commit of a plugin's state writes (capabilities/groupCommit.ts) on a real SQLite state file: writes made
// together land in one statement, in order; one bad value fails only its own write.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { groupCommit } from '../src/capabilities/groupCommit.ts'
import { openStateStore, type StateStore } from '../src/state/openStateStore.ts'

describe('groupCommit', () => {
  let root: string
  let store: StateStore
  let statements: string[]

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'mmm-group-'))
    const real = await openStateStore({ url: 'sqlite://.mmm/state.db', root })
    statements = []
    // The real store, with each write statement it is asked for noted down.
    store = {
      ...real,
      set: (ns, key, value, ttl) => (statements.push(`set ${key}`), real.set(ns, key, value, ttl)),
      setMany: (ns, rows) => (statements.push(`setMany ${rows.map((r) => r.key).join(',')}`), real.setMany(ns, rows)),
      close: () => real.close(),
    }
  })
  afterEach(async () => {
    await store.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('commits the writes made together in one statement, and later ones in the next', async () => {
    const set = groupCommit(store, 'plugin:wf')
    const first = [set('step:1', { status: 'succeeded' }), set('step:2', { status: 'running' }), set('run', { n: 1 })]
    await Promise.all(first)
    await set('step:2', { status: 'succeeded' })
    expect(statements).toEqual(['setMany step:1,step:2,run', 'set step:2'])
    expect(await store.get('plugin:wf', 'step:2')).toEqual({ status: 'succeeded' })
    expect(await store.get('plugin:wf', 'step:1')).toEqual({ status: 'succeeded' })
  })

  it('fails only the write whose value cannot be stored', async () => {
    const set = groupCommit(store, 'plugin:wf')
    const results = await Promise.allSettled([set('a', 1), set('bad', { n: 1n }), set('c', 3)])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'MMM_STATE_ERROR' })
    expect([await store.get('plugin:wf', 'a'), await store.get('plugin:wf', 'bad'), await store.get('plugin:wf', 'c')]).toEqual([1, undefined, 3])
  })
})
