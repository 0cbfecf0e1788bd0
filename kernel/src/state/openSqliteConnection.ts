// The SQLite connection under @keyv/sqlite, with its statements prepared once and reused.
//
// @keyv/sqlite runs every query as sqlite3's `db.all(sql, ...)`: a prepare, a step and a finalize, three trips
// through libuv's thread pool. A kept statement is one trip: an upsert costs ~45 µs instead of ~100 µs
// (measured: bench/RESULTS-workflow.md), and a workflow step or an MCP call waits for one such write.
import sqlite3 from 'sqlite3'

export interface SqliteConnection {
  /** Runs one statement and returns its rows (none for a write), as @keyv/sqlite's own `query` does. */
  query: (sql: string, ...params: unknown[]) => Promise<any>
  /** Finalizes the kept statements (SQLite refuses to close a connection that has any), then closes. */
  close: () => Promise<void>
  /** How many prepared statements are kept (for tests). */
  keptStatements: () => number
}

/** Distinct statements kept: the adapter's few, plus setMany's and deleteMany's, whose SQL depends on the batch size. */
const MAX_STATEMENTS = 64

/** sqlite3's Statement constructor calls back once prepared (null) or failed; its .d.ts does not declare it. */
type StatementConstructor = new (db: sqlite3.Database, sql: string, done: (err: Error | null) => void) => sqlite3.Statement

/** A statement kept once it has prepared. A failed prepare is not kept: SQLite says why, and a later call tries again. */
function prepare(db: sqlite3.Database, sql: string): Promise<sqlite3.Statement> {
  return new Promise((resolve, reject) => {
    // sqlite3 drops the calls queued on a statement that failed to prepare without calling them back, so
    // nothing runs on it before it has prepared.
    const stmt: sqlite3.Statement = new (sqlite3.Statement as unknown as StatementConstructor)(db, sql, (err) => (err ? reject(err) : resolve(stmt)))
  })
}

export function openSqliteConnection(file: string, busyTimeoutMs: number): Promise<SqliteConnection> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err)
      db.configure('busyTimeout', busyTimeoutMs)
      resolve(keepStatements(db))
    })
  })
}

function keepStatements(db: sqlite3.Database): SqliteConnection {
  const kept = new Map<string, Promise<sqlite3.Statement>>() // in order of last use: the first is the least recently used
  const drop = (sql: string, p: Promise<sqlite3.Statement>): void => {
    if (kept.get(sql) !== p) return
    kept.delete(sql)
    // finalize is queued behind the statement's pending runs, so none is cut short
    p.then((stmt) => stmt.finalize(), () => {})
  }
  const statement = (sql: string): Promise<sqlite3.Statement> => {
    const hit = kept.get(sql)
    if (hit) {
      kept.delete(sql)
      kept.set(sql, hit)
      return hit
    }
    const p = prepare(db, sql)
    kept.set(sql, p)
    p.catch(() => drop(sql, p))
    if (kept.size > MAX_STATEMENTS) {
      const [oldSql, old] = kept.entries().next().value!
      drop(oldSql, old)
    }
    return p
  }
  return {
    query: async (sql, ...params) => {
      const p = statement(sql)
      const stmt = await p
      return new Promise((resolve, reject) => {
        stmt.all(params, (err: Error | null, rows: unknown[]) => {
          if (!err) return resolve(rows)
          drop(sql, p) // a statement that failed (its table dropped, ...) is prepared again next time
          reject(err)
        })
      })
    },
    keptStatements: () => kept.size,
    close: async () => {
      const all = [...kept.values()]
      kept.clear()
      const finalize = (stmt: sqlite3.Statement) => new Promise<void>((done) => stmt.finalize(() => done()))
      await Promise.all(all.map((p) => p.then(finalize, () => {})))
      await new Promise<void>((done, fail) => db.close((err) => (err ? fail(err) : done())))
    },
  }
}
