// Redis through @keyv/redis: for teams and for workers on several machines (DESIGN §7, §13).
// Loaded only when state.url is redis:// or rediss://.
import KeyvRedis from '@keyv/redis'
import { Keyv } from 'keyv'
import { stateKeyvOptions, type StateBackend } from './StateBackend.ts'

const CONNECT_TIMEOUT_MS = 5000
const CONNECT_ATTEMPTS = 3
const SCAN_COUNT = 1000
const MGET_BATCH = 500

/** The few client calls scan() needs (the adapter's client type is a union of client, cluster and sentinel). */
interface ScanClient {
  scan(cursor: string, options: { MATCH: string; COUNT: number }): Promise<{ cursor: string | number; keys: string[] }>
  mGet(keys: string[]): Promise<Array<string | null>>
  ping(): Promise<string>
}

export async function openRedisBackend(url: string): Promise<StateBackend> {
  const adapter = new KeyvRedis(
    {
      url,
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        // Without a limit the client retries for ever and open() never settles when the server is down.
        reconnectStrategy: (retries: number, cause: Error) => (retries + 1 >= CONNECT_ATTEMPTS ? cause : Math.min(100 * 2 ** retries, 1000)),
      },
    },
    { throwOnErrors: true, throwOnConnectError: true },
  )
  // Keyv subscribes to the adapter's "error" events, which also carry the client's socket errors.
  const keyv = new Keyv(adapter, stateKeyvOptions)
  // A failed connect surfaces as a generic "not connected" error; the socket's own error says why.
  let lastError: unknown
  adapter.on('error', (e: unknown) => (lastError = e))
  const connected = async () => (await adapter.getClient()) as unknown as ScanClient // reconnects if the connection was lost
  try {
    await (await connected()).ping()
  } catch (e) {
    await adapter.disconnect(true).catch(() => {})
    throw lastError instanceof Error ? new Error(`${lastError.message} (${e instanceof Error ? e.message : String(e)})`, { cause: lastError }) : e
  }
  return {
    keyv,
    // @keyv/redis's iterator only knows its own namespace and lists everything in it; SCAN with an
    // escaped MATCH pattern asks for exactly this prefix. SCAN may repeat keys, hence the Set; keys that
    // expire or are deleted between SCAN and MGET come back null and are dropped.
    async scan(prefix) {
      const client = await connected()
      const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`
      const keys = new Set<string>()
      let cursor = '0'
      do {
        const page = await client.scan(cursor, { MATCH: match, COUNT: SCAN_COUNT })
        cursor = String(page.cursor)
        for (const k of page.keys) if (k.startsWith(prefix)) keys.add(k)
      } while (cursor !== '0')
      const all = [...keys]
      const rows: Array<[string, string]> = []
      for (let i = 0; i < all.length; i += MGET_BATCH) {
        const batch = all.slice(i, i + MGET_BATCH)
        const values = await client.mGet(batch)
        batch.forEach((k, j) => {
          const v = values[j]
          if (typeof v === 'string') rows.push([k, v])
        })
      }
      return rows
    },
    close: () => adapter.disconnect(),
  }
}
