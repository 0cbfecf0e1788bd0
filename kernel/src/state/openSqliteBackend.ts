// SQLite through @keyv/sqlite: the embedded default (DESIGN §7). Loaded only when state.url is sqlite://.
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { KeyvSqlite } from '@keyv/sqlite'
import { Keyv } from 'keyv'
import { errors } from '../errors.ts'
import { openSqliteConnection } from './openSqliteConnection.ts'
import { SQLITE_BUSY_TIMEOUT_MS, stateKeyvOptions, type StateBackend } from './StateBackend.ts'
const TABLE = 'mmm_state'

/** Opens under way in this process, per file: the next waits for the last. */
const opening = new Map<string, Promise<unknown>>()
/** Attempts at opening when SQLite answers SQLITE_BUSY at once (another process opening the same new file). */
const OPEN_ATTEMPTS = 6

/**
 * Stores of one process open a file one after another, and an open that meets SQLITE_BUSY is tried again: each
 * open briefly uses two connections (the adapter's, then the kept one), and connections creating a new file and
 * switching it to WAL together can get SQLITE_BUSY without the busy timeout (SQLite's deadlock avoidance).
 * Every step of an open is idempotent.
 */
export function openSqliteBackend(file: string, redacted: string): Promise<StateBackend> {
  const mine = (opening.get(file) ?? Promise.resolve()).then(() => retryBusy(() => openOnce(file, redacted)))
  const done = mine.then(() => {}, () => {})
  opening.set(file, done)
  void done.then(() => {
    if (opening.get(file) === done) opening.delete(file)
  })
  return mine
}

/** Runs `f` again (after a short, growing pause) while it fails with SQLITE_BUSY, at most `attempts` times in all. */
export async function retryBusy<T>(f: () => Promise<T>, attempts = OPEN_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await f()
    } catch (e) {
      if (attempt >= attempts || (e as { code?: unknown }).code !== 'SQLITE_BUSY') throw e
      await new Promise((r) => setTimeout(r, 25 * attempt + Math.random() * 25))
    }
  }
}

async function openOnce(file: string, redacted: string): Promise<StateBackend> {
  await mkdir(dirname(file), { recursive: true })
  // busyTimeout is applied by the adapter right after the connection opens, before its CREATE TABLE.
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: TABLE, busyTimeout: SQLITE_BUSY_TIMEOUT_MS })
  // Keyv must subscribe to the adapter's "error" events at once: an EventEmitter with no listener throws.
  const keyv = new Keyv(adapter, stateKeyvOptions)
  try {
    // The adapter's own connection runs each query as prepare + step + finalize. Once it has made the table,
    // it hands over to a connection that keeps its prepared statements (openSqliteConnection.ts); every
    // adapter method goes through `adapter.query`, so keyv's reads and writes and ours share that one connection.
    const [opened, first] = await Promise.allSettled([openSqliteConnection(file, SQLITE_BUSY_TIMEOUT_MS), adapter.query('SELECT 1')])
    if (opened.status === 'rejected' || first.status === 'rejected') {
      if (opened.status === 'fulfilled') await opened.value.close().catch(() => {})
      throw first.status === 'rejected' ? first.reason : (opened as PromiseRejectedResult).reason
    }
    const kept = opened.value
    const closeFirst = adapter.close
    adapter.query = kept.query
    adapter.close = kept.close
    await closeFirst()
    // WAL lets readers run while one process writes; the mode is stored in the file, so this is a no-op after the first open.
    const rows = (await adapter.query('PRAGMA journal_mode=WAL')) as Array<{ journal_mode?: string }>
    const mode = rows[0]?.journal_mode
    if (mode !== 'wal') {
      throw errors.stateError(
        `state store ${redacted}: SQLite could not switch ${file} to WAL mode (it stays "${mode}"); ` +
          'keep the state file on a local disk (not a network share) or use redis:// or postgres://',
      )
    }
    // In WAL mode NORMAL cannot corrupt the file and survives a killed process; only a power loss or OS
    // crash may drop the last commits. FULL would fsync every write (about 2× the cost of each call's
    // history write). Long runs that must survive power loss checkpoint to fsynced files (DESIGN §7).
    await adapter.query('PRAGMA synchronous=NORMAL')
  } catch (e) {
    await adapter.disconnect().catch(() => {})
    throw e
  }
  return {
    keyv,
    // @keyv/sqlite's iterator matches with LIKE (case-insensitive, "_" and "%" are wildcards) and pages
    // with LIMIT/OFFSET without ORDER BY, so it can miss or mix up keys. A range on the primary key is
    // exact and uses its index: every key starting with `prefix` sorts in [prefix, upperBound(prefix)).
    async scan(prefix) {
      const rows = (await adapter.query(`SELECT key, value FROM ${TABLE} WHERE key >= ? AND key < ?`, prefix, upperBound(prefix))) as Array<{ key: string; value: string }>
      return rows.filter((r) => r.key.startsWith(prefix)).map((r): [string, string] => [r.key, r.value])
    },
    async scanKeys(prefix) {
      const rows = (await adapter.query(`SELECT key FROM ${TABLE} WHERE key >= ? AND key < ?`, prefix, upperBound(prefix))) as Array<{ key: string }>
      return rows.map((r) => r.key).filter((k) => k.startsWith(prefix))
    },
    // One INSERT of many rows is one transaction: the command history writes a batch of calls for the cost of one.
    async setMany(rows) {
      for (let i = 0; i < rows.length; i += 400) {
        const chunk = rows.slice(i, i + 400)
        const values = chunk.map(() => '(?, ?)').join(', ')
        await adapter.query(`INSERT INTO ${TABLE} (key, value) VALUES ${values} ON CONFLICT(key) DO UPDATE SET value=excluded.value`, ...chunk.flat())
      }
    },
    // @keyv/sqlite's deleteMany first reads every row and matches keys with a linear search per key (quadratic:
    // 70 ms per history prune of 500 entries); a plain DELETE does the same work in one statement.
    async deleteMany(keys) {
      for (let i = 0; i < keys.length; i += 800) {
        const chunk = keys.slice(i, i + 800)
        await adapter.query(`DELETE FROM ${TABLE} WHERE key IN (${chunk.map(() => '?').join(', ')})`, ...chunk)
      }
    },
    close: () => adapter.disconnect(),
  }
}

/** A string greater than every string that starts with `prefix` (SQLite compares TEXT as UTF-8 bytes). */
function upperBound(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i)
    if (c < 0x7f) return prefix.slice(0, i) + String.fromCharCode(c + 1)
  }
  return '\u{10FFFF}' // unreachable: stored-key prefixes start with ASCII "mmm:"
}
