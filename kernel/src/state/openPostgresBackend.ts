// Postgres through @keyv/postgres: for teams and for workers on several machines (DESIGN §7, §13).
// Loaded only when state.url is postgres:// or postgresql://.
import { KeyvPostgres } from '@keyv/postgres'
import { Keyv } from 'keyv'
import pg from 'pg'
import { stateKeyvOptions, type StateBackend } from './StateBackend.ts'

const TABLE = 'mmm_state'
const KEY_SIZE = 1024 // VARCHAR size; stored keys are at most 4 + 200 + 1 + 512 characters (stateKey.ts)

type Query = (sql: string, values?: unknown[]) => Promise<unknown[]>

export async function openPostgresBackend(url: string): Promise<StateBackend> {
  const adapter = createAdapter(url)
  // A failed CREATE TABLE in the adapter's constructor is only reported as an "error" event; keep it
  // for the message. (Keyv subscribes too, so an event never goes unheard and never throws.)
  let lastError: unknown
  adapter.on('error', (e: unknown) => (lastError ??= e))
  const keyv = new Keyv(adapter, stateKeyvOptions)
  try {
    await adapter.query('SELECT 1')
    // The adapter runs CREATE TABLE once, from its constructor; make sure it worked before the first get().
    await adapter.query(`SELECT 1 FROM public.${TABLE} LIMIT 1`)
  } catch (e) {
    await adapter.disconnect().catch(() => {})
    throw lastError ?? e
  }
  return {
    keyv,
    // @keyv/postgres's iterator only knows keyv namespaces and pages by 10 rows; starts_with() is an
    // exact, collation-independent prefix test (LIKE would need "%" and "_" escaped).
    async scan(prefix) {
      const rows = (await adapter.query(`SELECT key, value FROM public.${TABLE} WHERE starts_with(key, $1)`, [prefix])) as Array<{ key: string; value: string }>
      return rows.map((r): [string, string] => [r.key, r.value])
    },
    close: () => adapter.disconnect(),
  }
}

/**
 * @keyv/postgres keeps one pg pool per process in module state: disconnect() on any adapter ends it
 * for all of them, a second url replaces it, and the pool has no "error" listener, so a server
 * restart that drops an idle connection crashes the process. Each store gets a pool of its own here,
 * with a listener (the pool replaces a dropped client on the next query, which then fails or succeeds
 * on its own and is reported there).
 */
function createAdapter(url: string): KeyvPostgres {
  let pool: pg.Pool | undefined
  class OwnPoolPostgres extends KeyvPostgres {
    // Called once, from KeyvPostgres's constructor.
    override async connect(): Promise<Query> {
      const p = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000, idleTimeoutMillis: 10_000, allowExitOnIdle: true })
      p.on('error', () => {})
      pool = p
      return async (sql, values) => (await p.query(sql, values)).rows
    }

    override async disconnect(): Promise<void> {
      const p = pool
      pool = undefined
      await p?.end()
    }
  }
  return new OwnPoolPostgres({ uri: url, table: TABLE, keySize: KEY_SIZE })
}
