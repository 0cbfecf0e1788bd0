// The response cache for calls a plugin marks cacheable: keyed by a hash of the canonical request
// (provider, model, system, messages, tools, sampling), kept in state with a TTL.
import { createHash } from 'node:crypto'
import { canonicalJson } from '../state/canonicalJson.ts'
import type { StateStore } from '../state/openStateStore.ts'
import type { ProviderRequest, ProviderResult } from './types.ts'

export const CACHE_NS = 'kernel:claude-cache'

export class ResponseCache {
  private readonly state: StateStore
  private readonly ttlMs: number

  constructor(state: StateStore, ttlSeconds: number) {
    this.state = state
    this.ttlMs = ttlSeconds * 1000
  }

  /** The cache key: cache_control marks are left out (they change the price, not the answer). */
  static keyOf(provider: string, req: ProviderRequest, extra: unknown): string {
    const plain = JSON.parse(JSON.stringify(req, (k, v: unknown) => (k === 'cache_control' ? undefined : v))) as unknown
    return createHash('sha256').update(canonicalJson({ provider, req: plain, extra: extra ?? null })).digest('hex')
  }

  get(key: string): Promise<ProviderResult | undefined> {
    return this.state.get<ProviderResult>(CACHE_NS, key)
  }

  set(key: string, result: ProviderResult): Promise<void> {
    return this.state.set(CACHE_NS, key, result, this.ttlMs)
  }
}
