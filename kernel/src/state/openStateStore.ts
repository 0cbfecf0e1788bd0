// The kernel's key-value state (DESIGN §7): keyv on SQLite by default, Redis or Postgres when
// state.url says so. Each plugin sees only its namespace; a store failure is always an error.
import { join, sep } from 'node:path'
import { MmmError, errors } from '../errors.ts'
import { ensureMmmDir } from './ensureMmmDir.ts'
import { parseStateUrl, type StateLocation } from './parseStateUrl.ts'
import { checkSize, serializeStateValue } from './serializeStateValue.ts'
import { SQLITE_BUSY_TIMEOUT_MS, decodeRow, stateKeyvOptions, type StateBackend } from './StateBackend.ts'
import { assertKey, namespacePrefix, stateKey } from './stateKey.ts'

export interface StateStore {
  /** As configured, with any password redacted. */
  readonly url: string
  /** The value stored under `key` in `ns`, or undefined when there is none (or it expired). Store failures reject. */
  get<T = unknown>(ns: string, key: string): Promise<T | undefined>
  /** Stores a JSON value (checked strictly: get() returns exactly what was set), optionally expiring after ttlMs. */
  set(ns: string, key: string, value: unknown, ttlMs?: number): Promise<void>
  /** true when the key existed. */
  delete(ns: string, key: string): Promise<boolean>
  /** Deletes these keys of `ns` (one statement where the adapter can). */
  deleteMany(ns: string, keys: readonly string[]): Promise<void>
  /**
   * Stores several JSON values (no TTL), in one commit where the adapter can (SQLite). An entry may give its value
   * as JSON text it made itself (`json`: the kernel's command history), which is stored as it is.
   */
  setMany(ns: string, entries: ReadonlyArray<{ key: string; value: unknown } | { key: string; json: string }>): Promise<void>
  /** Every unexpired entry of `ns` whose key starts with `prefix`, sorted by key (UTF-16 code unit order). */
  list<T = unknown>(ns: string, prefix?: string): Promise<Array<{ key: string; value: T }>>
  /** The keys list() would give, without reading the values; for keys stored without a TTL (expiry is not checked). */
  keys(ns: string, prefix?: string): Promise<string[]>
  /** Waits for calls in flight, then closes the connection. Later calls reject. */
  close(): Promise<void>
}

export interface OpenStateStoreOptions {
  /** sqlite://<relative path>, sqlite:///<absolute path>, redis[s]://…, postgres[ql]://… */
  url: string
  /** Project root: relative sqlite paths resolve against it. */
  root: string
}

export async function openStateStore(opts: OpenStateStoreOptions): Promise<StateStore> {
  const location = parseStateUrl(opts.url, opts.root)
  const url = location.redacted
  let backend: StateBackend
  try {
    backend = await openBackend(location, opts.root)
  } catch (e) {
    throw failure(url, 'open the store', e)
  }

  let closed = false
  const inFlight = new Set<Promise<unknown>>()
  async function run<T>(what: string, op: () => Promise<T>): Promise<T> {
    if (closed) throw errors.stateError(`state store ${url} is closed; cannot ${what}`)
    const p = op()
    inFlight.add(p)
    try {
      return await p
    } catch (e) {
      throw failure(url, what, e)
    } finally {
      inFlight.delete(p)
    }
  }

  return {
    url,
    async get<T>(ns: string, key: string): Promise<T | undefined> {
      const k = stateKey(ns, key)
      return run(`get "${key}" in namespace "${ns}"`, () => backend.keyv.get<T>(k))
    },
    async set(ns, key, value, ttlMs) {
      const k = stateKey(ns, key)
      const ttl = checkTtl(ttlMs, ns, key)
      const text = serializeStateValue(value, `"${key}" in namespace "${ns}"`)
      await run(`set "${key}" in namespace "${ns}"`, async () => {
        if ((await backend.keyv.set(k, text, ttl)) === false) throw new Error('the adapter reported that the write did not happen')
      })
    },
    async delete(ns, key) {
      const k = stateKey(ns, key)
      return run(`delete "${key}" in namespace "${ns}"`, () => backend.keyv.delete(k))
    },
    async setMany(ns, entries) {
      if (entries.length === 0) return
      const rows = entries.map((e): [string, string] => [stateKey(ns, e.key), 'json' in e ? checkSize(e.json, `"${e.key}" in namespace "${ns}"`) : serializeStateValue(e.value, `"${e.key}" in namespace "${ns}"`)])
      await run(`set ${entries.length} keys in namespace "${ns}"`, async () => {
        if (backend.setMany) return backend.setMany(rows.map(([k, text]) => [k, stateKeyvOptions.serialize({ value: text, expires: undefined } as never)]))
        for (const [k, text] of rows) {
          if ((await backend.keyv.set(k, text)) === false) throw new Error('the adapter reported that the write did not happen')
        }
      })
    },
    async deleteMany(ns, keys) {
      if (keys.length === 0) return
      const stored = keys.map((key) => stateKey(ns, key))
      await run(`delete ${keys.length} keys in namespace "${ns}"`, async () => {
        if (backend.deleteMany) await backend.deleteMany(stored)
        else await backend.keyv.deleteMany(stored)
      })
    },
    async list<T>(ns: string, prefix = ''): Promise<Array<{ key: string; value: T }>> {
      const base = namespacePrefix(ns)
      assertKey(ns, prefix, 'prefix')
      return run(`list${prefix ? ` "${prefix}*"` : ''} in namespace "${ns}"`, async () => {
        const rows = await backend.scan(base + prefix)
        const now = Date.now()
        const out: Array<{ key: string; value: T }> = []
        for (const [stored, raw] of rows) {
          const row = decodeRow(raw, now)
          if (row) out.push({ key: stored.slice(base.length), value: row.value as T })
        }
        return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      })
    },
    async keys(ns: string, prefix = ''): Promise<string[]> {
      const base = namespacePrefix(ns)
      assertKey(ns, prefix, 'prefix')
      return run(`list the keys${prefix ? ` "${prefix}*"` : ''} in namespace "${ns}"`, async () => {
        const keys = backend.scanKeys ? await backend.scanKeys(base + prefix) : (await backend.scan(base + prefix)).map(([k]) => k)
        return keys.map((k) => k.slice(base.length)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      })
    },
    async close() {
      if (closed) return
      closed = true
      await Promise.allSettled(inFlight)
      try {
        await backend.close()
      } catch (e) {
        throw failure(url, 'close the store', e)
      }
    },
  }
}

// Each adapter (and its driver: sqlite3, @redis/client, pg) is imported only when it is used:
// start-up time matters for a CLI, and most projects never load the network ones.
async function openBackend(location: StateLocation, root: string): Promise<StateBackend> {
  switch (location.kind) {
    case 'sqlite':
      if (location.file.startsWith(join(root, '.mmm') + sep)) ensureMmmDir(root)
      return (await import('./openSqliteBackend.ts')).openSqliteBackend(location.file, location.redacted)
    case 'redis':
      return (await import('./openRedisBackend.ts')).openRedisBackend(location.url)
    case 'postgres':
      return (await import('./openPostgresBackend.ts')).openPostgresBackend(location.url)
  }
}

function checkTtl(ttlMs: number | undefined, ns: string, key: string): number | undefined {
  if (ttlMs === undefined) return undefined
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw errors.stateError(`ttlMs for "${key}" in namespace "${ns}" is ${String(ttlMs)}; use a positive number of milliseconds, or leave it out for no expiry`)
  }
  return Math.ceil(ttlMs)
}

/** Wraps a store failure as MMM_STATE_ERROR saying what failed and what to try. */
function failure(url: string, what: string, e: unknown): MmmError {
  if (e instanceof MmmError) return e
  const message = e instanceof Error ? e.message : String(e)
  return errors.stateError(`state store ${url}: could not ${what}: ${message}; ${hint(message)}`, e)
}

function hint(message: string): string {
  if (/SQLITE_BUSY|database is locked/i.test(message)) {
    return `another process held the database's write lock for more than ${SQLITE_BUSY_TIMEOUT_MS} ms; retry, or stop the other mmm process`
  }
  if (/SQLITE_NOTADB|SQLITE_CORRUPT|not a database|malformed/i.test(message)) {
    return 'the SQLite file is damaged; move it aside (mmm starts a new one) or restore it from a backup'
  }
  if (/SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|EACCES|EPERM|EROFS|ENOTDIR|EEXIST|read-?only/i.test(message)) {
    return 'check that the state file and its directory can be created there and are writable'
  }
  if (/password|authentication|NOAUTH|WRONGPASS|role .* does not exist/i.test(message)) return 'check the user and password in state.url'
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ETIMEDOUT|timed? ?out|not connected|terminated|ECONNRESET|closed/i.test(message)) {
    return 'is the server running and reachable at that address? check state.url in mmm.config.ts'
  }
  return 'check state.url in mmm.config.ts and that the store is reachable'
}
