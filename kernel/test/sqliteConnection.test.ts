// The SQLite connection that keeps prepared statements (openSqliteConnection.ts): real files, a second process
// changing the schema under it, and the close that SQLite refuses while any statement is left.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { retryBusy } from '../src/state/openSqliteBackend.ts'
import { openSqliteConnection, type SqliteConnection } from '../src/state/openSqliteConnection.ts'

let dir: string
let conn: SqliteConnection | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmm-sqlite-conn-'))
})
afterEach(async () => {
  await conn?.close().catch(() => {})
  conn = undefined
  rmSync(dir, { recursive: true, force: true })
})
const open = async () => (conn = await openSqliteConnection(join(dir, 's.db'), 1000))
/** Runs SQL on the same file from another process (node:sqlite), as another mmm process would. */
const elsewhere = (sql: string) =>
  execFileSync(process.execPath, ['-e', `new (require('node:sqlite').DatabaseSync)(${JSON.stringify(join(dir, 's.db'))}).exec(${JSON.stringify(sql)})`], { stdio: 'ignore' })

describe('openSqliteConnection', () => {
  it('prepares a statement once and runs it again with new parameters', async () => {
    const c = await open()
    await c.query('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)')
    const upsert = 'INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v=excluded.v'
    for (let i = 0; i < 20; i++) expect(await c.query(upsert, `k${i % 3}`, `v${i}`)).toEqual([])
    expect(await c.query('SELECT k, v FROM t ORDER BY k')).toEqual([{ k: 'k0', v: 'v18' }, { k: 'k1', v: 'v19' }, { k: 'k2', v: 'v17' }])
    expect(await c.query('SELECT v FROM t WHERE k = ?', 'k1')).toEqual([{ v: 'v19' }])
    expect(await c.query('SELECT v FROM t WHERE k = ?', 'nope')).toEqual([])
    expect(c.keptStatements()).toBe(4) // CREATE, the upsert, and the two SELECTs
  })

  it('runs concurrent uses of one statement in order, each with its own parameters', async () => {
    const c = await open()
    await c.query('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)')
    await Promise.all(Array.from({ length: 50 }, (_, i) => c.query('INSERT INTO t (k, v) VALUES (?, ?)', `k${i}`, i)))
    const got = await Promise.all(Array.from({ length: 50 }, (_, i) => c.query('SELECT v FROM t WHERE k = ?', `k${i}`)))
    expect(got.map((rows) => rows[0].v)).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('keeps at most 64 statements, the most recently used, and still closes', async () => {
    const c = await open()
    for (let i = 0; i < 150; i++) expect(await c.query(`SELECT ${i} AS n`)).toEqual([{ n: i }])
    expect(c.keptStatements()).toBe(64)
    expect(await c.query('SELECT 149 AS n')).toEqual([{ n: 149 }])
    expect(c.keptStatements()).toBe(64)
    await c.close() // SQLite refuses to close while an unfinalized statement is left: every one was finalized
    conn = undefined
  })

  it('reports a statement that cannot prepare with SQLite\'s own message, keeps nothing, and answers the next call', async () => {
    const c = await open()
    await expect(c.query('SELECT * FROM missing')).rejects.toThrow(/no such table: missing/)
    await expect(c.query('SELEC nonsense')).rejects.toThrow(/syntax error/)
    expect(c.keptStatements()).toBe(0)
    await c.query('CREATE TABLE missing (x)')
    expect(await c.query('SELECT * FROM missing')).toEqual([])
  })

  it('drops a kept statement whose table another process removed, and prepares it again once it is back', async () => {
    const c = await open()
    await c.query('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)')
    await c.query('INSERT INTO t (k, v) VALUES (?, ?)', 'a', '1')
    expect(await c.query('SELECT v FROM t WHERE k = ?', 'a')).toEqual([{ v: '1' }])
    elsewhere('DROP TABLE t')
    await expect(c.query('SELECT v FROM t WHERE k = ?', 'a')).rejects.toThrow(/no such table: t/)
    await expect(c.query('INSERT INTO t (k, v) VALUES (?, ?)', 'b', '2')).rejects.toThrow(/no such table: t/)
    elsewhere("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT); INSERT INTO t VALUES ('a', 'again')")
    expect(await c.query('SELECT v FROM t WHERE k = ?', 'a')).toEqual([{ v: 'again' }])
  })

  it('fails clearly on a path it cannot open', async () => {
    await expect(openSqliteConnection(join(dir, 'no', 'such', 'dir', 's.db'), 1000)).rejects.toThrow(/SQLITE_CANTOPEN/)
  })

  it('answers a query after close with an error, not a hang', async () => {
    const c = await open()
    await c.query('SELECT 1')
    await c.close()
    conn = undefined
    await expect(c.query('SELECT 2')).rejects.toThrow(/closed|SQLITE_MISUSE/i)
  })
})

describe('retryBusy (opening a store while another connection creates the same file)', () => {
  const busy = () => Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY', errno: 5 })
  it('tries again after SQLITE_BUSY and returns the first success', async () => {
    let calls = 0
    expect(await retryBusy(async () => (++calls < 3 ? Promise.reject(busy()) : 'open'))).toBe('open')
    expect(calls).toBe(3)
  })
  it('gives up after the last attempt with SQLite\'s error, and never retries another error', async () => {
    let calls = 0
    await expect(retryBusy(async () => { calls++; throw busy() }, 4)).rejects.toMatchObject({ code: 'SQLITE_BUSY' })
    expect(calls).toBe(4)
    calls = 0
    await expect(retryBusy(async () => { calls++; throw Object.assign(new Error('SQLITE_NOTADB: file is not a database'), { code: 'SQLITE_NOTADB' }) })).rejects.toThrow(/NOTADB/)
    expect(calls).toBe(1)
  })
})
