// The embedded SQLite store (DESIGN §7): WAL, a busy timeout, several writers on one file, and
// failures that are errors rather than misses. Real files in temp dirs. The "other connection" is
// always another process (node:sqlite in a child): two SQLite libraries in ONE process do not see
// each other's POSIX locks, so an in-process second library would neither block nor be safe.
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStateStore, type StateStore } from '../src/state/openStateStore.ts'

const storeModule = fileURLToPath(new URL('../src/state/openStateStore.ts', import.meta.url))

describe('StateStore on SQLite', () => {
  let root: string
  const opened: StateStore[] = []
  const open = async (url = 'sqlite://.mmm/state.db') => {
    const s = await openStateStore({ url, root })
    opened.push(s)
    return s
  }
  const dbFile = () => join(root, '.mmm', 'state.db')

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mmm-sqlite-'))
  })
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((s) => s.close()))
    rmSync(root, { recursive: true, force: true })
  })

  it('creates .mmm/state.db under the project root, in WAL mode', async () => {
    const s = await open()
    expect(s.url).toBe('sqlite://.mmm/state.db')
    await s.set('plugin:a', 'k', 1)
    expect(existsSync(dbFile())).toBe(true)
    expect(existsSync(`${dbFile()}-wal`)).toBe(true) // a write went to the write-ahead log
    expect(await sqliteInChild(dbFile(), `console.log(db.prepare('PRAGMA journal_mode').get().journal_mode)`)).toBe('wal')
  })

  it('takes an absolute path with sqlite:///', async () => {
    const file = join(root, 'elsewhere', 'abs.db')
    const s = await open(`sqlite://${file}`)
    await s.set('ns', 'k', 'v')
    expect(existsSync(file)).toBe(true)
    expect(await s.get('ns', 'k')).toBe('v')
  })

  it('waits for another connection that holds the write lock instead of failing (busy timeout)', async () => {
    const s = await open()
    await s.set('ns', 'warm', 1)
    // Another process takes the write lock, says so, holds it for 1500 ms (longer than sqlite3's own 1000 ms default), then commits.
    const other = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DatabaseSync } from 'node:sqlite'
      const db = new DatabaseSync(${JSON.stringify(dbFile())})
      db.exec('BEGIN IMMEDIATE')
      console.log('locked')
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500)
      db.exec('COMMIT')
      db.close()`], { stdio: ['ignore', 'pipe', 'inherit'] })
    const exited = once(other, 'exit')
    await once(other.stdout, 'data')
    const started = performance.now()
    await s.set('ns', 'k', 'written after the lock was released')
    const waited = performance.now() - started
    await exited
    expect(waited).toBeGreaterThanOrEqual(1200) // it really waited for the lock (and did not fail with SQLITE_BUSY)
    expect(await s.get('ns', 'k')).toBe('written after the lock was released')
  })

  it('lets several processes write to one file at once without SQLITE_BUSY errors', async () => {
    const s = await open() // creates the file and switches it to WAL first
    const writer = (name: string) =>
      promisify(execFile)(process.execPath, [
        '--input-type=module',
        '-e',
        `const { openStateStore } = await import(${JSON.stringify(storeModule)})
         const s = await openStateStore({ url: 'sqlite://.mmm/state.db', root: ${JSON.stringify(root)} })
         for (let i = 0; i < 100; i++) await s.set('ns', '${name}' + String(i).padStart(3, '0'), i)
         await s.close()`,
      ])
    await Promise.all([writer('p1-'), writer('p2-'), ...Array.from({ length: 100 }, (_, i) => s.set('ns', `main-${String(i).padStart(3, '0')}`, i))])
    const listed = await s.list('ns')
    expect(listed).toHaveLength(300)
    expect((await s.list('ns', 'p2-')).map((e) => e.value)).toEqual(Array.from({ length: 100 }, (_, i) => i))
  })

  it('opens a brand-new file from several stores at once', async () => {
    // Each open briefly holds two connections; stores of one process open a file one after another.
    const stores = await Promise.all(Array.from({ length: 6 }, () => open()))
    await Promise.all(stores.map((s, i) => s.set('ns', `k${i}`, i)))
    expect((await stores[0]!.list('ns')).map((e) => e.value)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('refuses to open a file that is not a database, saying what to do', async () => {
    const file = join(root, 'garbage.db')
    writeFileSync(file, 'this is not an SQLite database, just text that happens to be long enough to look like a page')
    const attempt = openStateStore({ url: `sqlite://${file}`, root })
    await expect(attempt).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringMatching(/could not open the store: .*not a database.*move it aside/) })
  })

  it('turns a store failure after opening into an error, never into a miss', async () => {
    const s = await open()
    await s.set('ns', 'checkpoint', { step: 2 })
    // Something else breaks the database under us (here: the table disappears).
    await sqliteInChild(dbFile(), `db.exec('DROP TABLE mmm_state')`)
    const failed = { code: 'MMM_STATE_ERROR', message: expect.stringContaining('no such table') }
    await expect(s.get('ns', 'checkpoint')).rejects.toMatchObject(failed)
    await expect(s.list('ns')).rejects.toMatchObject(failed)
    await expect(s.set('ns', 'k', 1)).rejects.toMatchObject(failed)
    await expect(s.delete('ns', 'checkpoint')).rejects.toMatchObject(failed)
  })

  it('refuses a path it cannot create, saying what to check', async () => {
    writeFileSync(join(root, 'file'), '')
    await expect(openStateStore({ url: 'sqlite://file/state.db', root })).rejects.toMatchObject({
      code: 'MMM_STATE_ERROR',
      message: expect.stringMatching(/sqlite:\/\/file\/state\.db: could not open the store: .*(EEXIST|ENOTDIR).*writable/),
    })
  })

  it('loads only the adapter in use (no redis or postgres driver for a sqlite store)', async () => {
    // A fresh process records every module it resolves.
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '-e',
      `import { registerHooks } from 'node:module'
       const seen = []
       registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push(r.url); return r } })
       const drivers = () => seen.filter((u) => /keyv|sqlite3|@redis|\\/pg\\/|pg-pool/.test(u)).map((u) => u.replace(/^.*node_modules\\//, ''))
       const { openStateStore } = await import(${JSON.stringify(storeModule)})
       const atImport = drivers()
       const s = await openStateStore({ url: 'sqlite://.mmm/state.db', root: ${JSON.stringify(root)} })
       await s.close()
       console.log(JSON.stringify({ atImport, afterOpen: drivers() }))`,
    ])
    const { atImport, afterOpen } = JSON.parse(stdout) as { atImport: string[]; afterOpen: string[] }
    expect(atImport).toEqual([])
    expect(afterOpen.some((u) => u.startsWith('@keyv/sqlite'))).toBe(true)
    expect(afterOpen.some((u) => u.includes('sqlite3'))).toBe(true)
    expect(afterOpen.filter((u) => /redis|pg|postgres/.test(u))).toEqual([])
  })
})

/** Runs `code` with `db` (a node:sqlite connection to `file`) in another process; returns its trimmed stdout. */
async function sqliteInChild(file: string, code: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--input-type=module',
    '-e',
    `import { DatabaseSync } from 'node:sqlite'\nconst db = new DatabaseSync(${JSON.stringify(file)})\n${code}\ndb.close()`,
  ])
  return stdout.trim()
}
