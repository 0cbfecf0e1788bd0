// The contract between openStateStore and the three keyv adapters (sqlite, redis, postgres).
import type { DeserializedData, Keyv, KeyvOptions } from 'keyv'

/** How long an SQLite write waits for another connection's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000

export interface StateBackend {
  /** get/set/delete go through keyv (TTL, expiry, throwOnErrors). Keys are full stored keys (see stateKey.ts). */
  readonly keyv: Keyv
  /**
   * Every stored row whose key starts with `prefix`, as [key, raw keyv JSON], in no particular order and
   * possibly including expired rows. Each adapter answers with an exact prefix query of its own (see the
   * adapter files for why keyv's iterator is not used).
   */
  scan(prefix: string): Promise<Array<[key: string, raw: string]>>
  /** The keys scan() would give, without their values, when the adapter can read them alone. */
  scanKeys?(prefix: string): Promise<string[]>
  /** Several rows written in one statement (one commit), when the adapter can; else openStateStore writes them one by one. */
  setMany?(rows: ReadonlyArray<[key: string, raw: string]>): Promise<void>
  /** Several keys deleted in one statement, when the adapter can do it better than keyv's deleteMany. */
  deleteMany?(keys: readonly string[]): Promise<void>
  close(): Promise<void>
}

/**
 * Keyv options shared by every adapter:
 * - throwOnErrors: a failing store throws instead of reading as a miss (DESIGN §7).
 * - no keyv namespace and no key prefixing: stateKey() builds the whole stored key itself.
 * - serialize: openStateStore hands keyv the value already checked and serialized by serializeStateValue,
 *   so it is embedded as is (one JSON.stringify per set, not two). The stored text is keyv's usual
 *   {"value":…,"expires":…}. deserialize is plain JSON.parse (keyv's default one turns strings that
 *   start with ":base64:" into Buffers, which would corrupt such strings).
 */
export const stateKeyvOptions = {
  namespace: undefined,
  useKeyPrefix: false,
  throwOnErrors: true,
  emitErrors: true,
  serialize: <Value>(data: DeserializedData<Value>): string =>
    `{"value":${String(data.value)}${typeof data.expires === 'number' ? `,"expires":${data.expires}` : ''}}`,
  deserialize: <Value>(text: string): DeserializedData<Value> | undefined => JSON.parse(text) as DeserializedData<Value>,
} satisfies Omit<KeyvOptions, 'store'>

/** Decodes one raw row from scan(); undefined when it has expired. */
export function decodeRow(raw: string, now: number): { value: unknown } | undefined {
  const data = JSON.parse(raw) as DeserializedData<unknown>
  if (typeof data.expires === 'number' && now > data.expires) return undefined
  return { value: data.value }
}
