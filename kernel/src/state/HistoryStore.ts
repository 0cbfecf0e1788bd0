// Command history (DESIGN §4): one entry per dispatched call, newest first, bounded, replayable.
//
// Layout in namespace "kernel:history":
//   e/<id>  the entry without its input (small: what `mmm history` lists)
//   i/<id>  the input, when it is at most 64 KB as JSON (read by get(id), for replay)
// Ids sort by time, so list("e/") in key order is oldest → newest and pruning drops from the front.
import { createHash, randomBytes } from 'node:crypto'
import { errors } from '../errors.ts'
import { canonicalJson } from './canonicalJson.ts'
import type { StateStore } from './openStateStore.ts'

export interface HistoryEntry {
  id: string
  tool: string
  caller: string
  /** ISO 8601 */
  startedAt: string
  durationMs: number
  outcome: 'ok' | 'error' | 'cancelled'
  errorCode?: string
  /** sha256 hex of canonicalJson(input) */
  inputDigest: string
  /** The input (as canonical JSON would have it) when it is at most 64 KB serialized; for replay. list() leaves it out. */
  input?: unknown
}

export type HistoryAppend = Omit<HistoryEntry, 'id' | 'inputDigest' | 'input'> & { input: unknown }

export interface HistoryStoreOptions {
  /** Entries kept; older ones are pruned (default 1000). */
  maxEntries?: number
  /** Prune on the first append of this HistoryStore and then on every n-th one (default 500; a prune lists every entry's key). */
  pruneEvery?: number
  /** How long recorded calls may wait to be written together (default 20 ms; 0 writes at once). */
  batchWindowMs?: number
}

export const HISTORY_NAMESPACE = 'kernel:history'
export const MAX_STORED_INPUT_BYTES = 64 * 1024
const ENTRY = 'e/'
const INPUT = 'i/'
const OUTCOMES = new Set(['ok', 'error', 'cancelled'])

export class HistoryStore {
  readonly #store: StateStore
  readonly #maxEntries: number
  readonly #pruneEvery: number
  #appends = 0
  #pruning = false
  readonly #windowMs: number
  #timer: NodeJS.Timeout | undefined

  constructor(store: StateStore, options: HistoryStoreOptions = {}) {
    this.#store = store
    this.#maxEntries = positiveInt(options.maxEntries ?? 1000, 'maxEntries')
    this.#pruneEvery = positiveInt(options.pruneEvery ?? 500, 'pruneEvery')
    this.#windowMs = options.batchWindowMs ?? 20
  }

  /**
   * Records a call without making the caller wait for the database. The input is serialized before this
   * returns; the calls recorded within a short window (batchWindowMs), or while a write is under way, are
   * written together in one statement (one commit): a commit per call cost more than the call itself (an
   * MCP tools/call). Reads, flush() and kernel.close() write what is waiting; a killed process loses at
   * most the window's calls.
   */
  record(e: HistoryAppend, onError: (e: unknown) => void): void {
    let json: string
    try {
      json = snapshot(e)
    } catch (err) {
      onError(err)
      return
    }
    // The input is fixed now (its canonical JSON); digest and rows are made when the batch is written.
    this.#queue.push({ e, json })
    this.#onError = onError
    if (this.#windowMs <= 0 || this.#queue.length >= 256) return this.#kick()
    if (this.#timer) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#kick()
    }, this.#windowMs)
    // Waiting history must not keep a finished process alive; kernel.close() flushes it.
    this.#timer.unref()
  }

  /** How many recorded calls are still being written (queued or in the write under way). */
  get pending(): number {
    return this.#queuedEntries() + this.#writingEntries
  }

  /** Waits until every recorded call is written. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    while (this.#writing || this.#queue.length > 0) {
      this.#kick()
      await this.#writing
    }
  }

  /** Records a call and waits for it to be written; returns the stored entry (with `input` when it was kept). */
  async append(e: HistoryAppend): Promise<HistoryEntry> {
    const json = snapshot(e)
    const { rows, entry, kept } = prepare(e, json)
    await this.#write(rows)
    return kept ? { ...entry, input: JSON.parse(json) } : entry
  }

  #queue: Array<{ e: HistoryAppend; json: string }> = []
  #writing: Promise<void> | undefined
  #writingEntries = 0
  #onError: (e: unknown) => void = () => {}

  #queuedEntries(): number {
    return this.#queue.length
  }

  #kick(): void {
    if (this.#writing || this.#queue.length === 0) return
    clearTimeout(this.#timer)
    this.#timer = undefined
    const batch = this.#queue
    this.#queue = []
    this.#writingEntries = batch.length
    const onError = this.#onError
    this.#writing = Promise.resolve()
      .then(() => this.#write(batch.flatMap(({ e, json }) => prepare(e, json).rows)))
      .catch(onError)
      .finally(() => {
        this.#writing = undefined
        this.#writingEntries = 0
        this.#kick()
      })
  }

  /** Writes rows (each call's input before its entry, so a visible entry has its input) and prunes now and then. */
  async #write(rows: Array<{ key: string; json: string }>): Promise<void> {
    await this.#store.setMany(HISTORY_NAMESPACE, rows)
    const entries = rows.filter((r) => r.key.startsWith(ENTRY)).length
    const before = this.#appends
    this.#appends += entries
    // One prune at a time: a burst of calls must not start a listing of the whole history per call.
    // The 1st append prunes, then the (n+1)-th, the (2n+1)-th, …: one of this batch's indexes is a multiple of n.
    if ((before === 0 || Math.floor((before - 1) / this.#pruneEvery) !== Math.floor((this.#appends - 1) / this.#pruneEvery)) && !this.#pruning) {
      this.#pruning = true
      try {
        await this.prune()
      } finally {
        this.#pruning = false
      }
    }
  }

  /** Newest first; `limit` defaults to 20; `tool` keeps only calls of that tool. Entries come without `input`. */
  async list(opts: { limit?: number; tool?: string } = {}): Promise<HistoryEntry[]> {
    await this.flush()
    const limit = positiveInt(opts.limit ?? 20, 'limit')
    const rows = await this.#store.list<HistoryEntry>(HISTORY_NAMESPACE, ENTRY)
    const out: HistoryEntry[] = []
    for (let i = rows.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = rows[i]!.value
      if (opts.tool === undefined || entry.tool === opts.tool) out.push(entry)
    }
    return out
  }

  /** One entry with its input (when it was kept); MMM_HISTORY_NOT_FOUND for an unknown id. */
  async get(id: string): Promise<HistoryEntry> {
    if (typeof id !== 'string' || !/^[0-9a-z]{1,64}$/.test(id)) throw errors.historyNotFound(String(id))
    await this.flush()
    const entry = await this.#store.get<HistoryEntry>(HISTORY_NAMESPACE, ENTRY + id)
    if (!entry) throw errors.historyNotFound(id)
    const input = await this.#store.get(HISTORY_NAMESPACE, INPUT + id)
    return input === undefined ? entry : { ...entry, input }
  }

  /** Drops the oldest entries beyond maxEntries (and their inputs). Called by append(); safe to run concurrently. */
  async prune(): Promise<number> {
    // The keys alone say which entries are oldest (ids sort by time): no entry is read.
    const keys = await this.#store.keys(HISTORY_NAMESPACE, ENTRY)
    const excess = keys.slice(0, Math.max(0, keys.length - this.#maxEntries)).map((k) => k.slice(ENTRY.length))
    // Entries first (an entry never outlives its input being there), then their inputs; one statement each.
    await this.#store.deleteMany(HISTORY_NAMESPACE, excess.map((id) => ENTRY + id))
    await this.#store.deleteMany(HISTORY_NAMESPACE, excess.map((id) => INPUT + id))
    return excess.length
  }
}

/** Checks an entry and returns its input as canonical JSON (what is digested and stored). */
function snapshot(e: HistoryAppend): string {
  if (typeof e.tool !== 'string' || typeof e.caller !== 'string' || !OUTCOMES.has(e.outcome) || !Number.isFinite(e.durationMs) || Number.isNaN(Date.parse(e.startedAt))) {
    throw errors.stateError(`history entry for ${JSON.stringify(e.tool)} is malformed: needs tool, caller, an ISO startedAt, a finite durationMs and outcome ok|error|cancelled`)
  }
  return canonicalJson(e.input === undefined ? null : e.input)
}

/**
 * A call's stored rows (its input when small enough, then its entry), as JSON text: the input's canonical JSON is
 * stored as it is (checked when it was made), and the entry is made here from checked strings and numbers.
 */
function prepare(e: HistoryAppend, json: string): { rows: Array<{ key: string; json: string }>; entry: HistoryEntry; kept: boolean } {
  const entry: HistoryEntry = {
    id: nextHistoryId(),
    tool: e.tool,
    caller: e.caller,
    startedAt: e.startedAt,
    durationMs: e.durationMs,
    outcome: e.outcome,
    ...(e.errorCode !== undefined ? { errorCode: e.errorCode } : {}),
    inputDigest: createHash('sha256').update(json).digest('hex'),
  }
  const kept = json.length <= MAX_STORED_INPUT_BYTES && Buffer.byteLength(json) <= MAX_STORED_INPUT_BYTES
  const rows = [...(kept ? [{ key: INPUT + entry.id, json }] : []), { key: ENTRY + entry.id, json: JSON.stringify(entry) }]
  return { rows, entry, kept }
}

// ---- ids: 9 base36 digits of milliseconds + 3 of a per-process sequence + 6 random per process ---
// Fixed width, so string order is time order (until the year 5188); the sequence keeps ids from one
// process in append order within a millisecond; the random part keeps processes apart.

let lastMs = 0
let seq = 0
let processPart: string | undefined
/** lastMs in base 36, padded: made once per millisecond, not once per id. */
let lastMsPart = ''

export function nextHistoryId(): string {
  let ms = Date.now()
  if (ms <= lastMs) {
    ms = lastMs // the same millisecond, or the clock went back: stay monotonic
    if (++seq >= 36 ** 3) {
      ms += 1
      seq = 0
    }
  } else {
    seq = 0
  }
  if (ms !== lastMs || lastMsPart === '') lastMsPart = ms.toString(36).padStart(9, '0')
  lastMs = ms
  // Drawn once: within a process the time and sequence already make ids unique.
  processPart ??= (randomBytes(5).readUIntBE(0, 5) % 36 ** 6).toString(36).padStart(6, '0')
  return lastMsPart + seq.toString(36).padStart(3, '0') + processPart
}

function positiveInt(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) throw errors.usage(`history ${name} must be a positive whole number, got ${String(n)}`)
  return n
}
