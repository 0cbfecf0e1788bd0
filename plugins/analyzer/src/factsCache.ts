// Per-file facts kept in the plugin's state between runs, keyed by path and checked by size + mtime, so
// a second analysis reads only what changed. Stored in shards: one state value has a size limit.
import type { PluginContext } from '@mmm/kernel/plugin'
import type { FileFacts } from './types.ts'

const SHARD = 1500
/** Bump when what is computed per file changes: older caches are then ignored. */
const FACTS_VERSION = 2

export async function loadFacts(ctx: PluginContext, path: string): Promise<Map<string, FileFacts>> {
  const out = new Map<string, FileFacts>()
  try {
    if ((await ctx.state.get(`facts:${path}:version`)) !== `${ctx.version}/${FACTS_VERSION}`) return out
    const n = (await ctx.state.get<number>(`facts:${path}:n`)) ?? 0
    for (let i = 0; i < n; i++) {
      for (const f of (await ctx.state.get<FileFacts[]>(`facts:${path}:${i}`)) ?? []) out.set(f.path, f)
    }
  } catch {
    // A damaged or oversized cache only costs time: start afresh.
    out.clear()
  }
  return out
}

export async function saveFacts(ctx: PluginContext, path: string, facts: readonly FileFacts[]): Promise<void> {
  try {
    const old = (await ctx.state.get<number>(`facts:${path}:n`)) ?? 0
    const n = Math.ceil(facts.length / SHARD)
    for (let i = 0; i < n; i++) await ctx.state.set(`facts:${path}:${i}`, facts.slice(i * SHARD, (i + 1) * SHARD))
    await ctx.state.set(`facts:${path}:n`, n)
    await ctx.state.set(`facts:${path}:version`, `${ctx.version}/${FACTS_VERSION}`)
    for (let i = n; i < old; i++) await ctx.state.delete(`facts:${path}:${i}`)
  } catch (e) {
    ctx.log.warn(`could not cache the analysis of ${path}: ${e instanceof Error ? e.message : String(e)}`)
  }
}
