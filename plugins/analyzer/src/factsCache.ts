// What the analyzer keeps in its state between runs, per analyzed path:
//  - the per-file facts, keyed by path and checked by size + mtime, so a run reads only what changed. They are
//    stored in shards chosen by a hash of the path (one state value has a size limit), and a run rewrites only
//    the shards whose files changed, appeared or went away;
//  - the last report with the fingerprint of its inputs (every path, size and mtime, the options and the git
//    facts): when nothing changed, the next run returns it without loading a single file's facts.
import type { PluginContext } from '@mmm/kernel/plugin'
import type { AnalysisReport } from './AnalysisReport.ts'
import { fnv1a } from './quality/blockHashes.ts'
import type { FileFacts } from './types.ts'

const SHARD = 1500
/** Bump when what is computed per file changes: older caches are then ignored. */
const FACTS_VERSION = 3

export interface FactsCache {
  /** The facts of the last run (empty when there is none, or it is damaged or from another version). */
  facts(): Promise<Map<string, FileFacts>>
  /** Starts fetching the last report (no need to wait: report() uses it). */
  prefetch(): void
  /** The last report, when it was made from inputs with this fingerprint. */
  report(fingerprint: string): Promise<AnalysisReport | undefined>
  /** Stores this run: rewrites the shards that hold a path of `changed` or a path that went away. */
  save(facts: readonly FileFacts[], changed: ReadonlySet<string>, fingerprint: string, report: AnalysisReport): Promise<void>
}

const shardOf = (path: string, n: number): number => fnv1a(path) % n

export function factsCache(ctx: PluginContext, key: string): FactsCache {
  const version = `${ctx.version}/${FACTS_VERSION}`
  let loaded: Map<string, FileFacts> | undefined
  let shards = 0

  const facts = async (): Promise<Map<string, FileFacts>> => {
    if (loaded) return loaded
    loaded = new Map()
    try {
      if ((await ctx.state.get(`facts:${key}:version`)) !== version) return loaded
      shards = (await ctx.state.get<number>(`facts:${key}:n`)) ?? 0
      for (let i = 0; i < shards; i++) {
        for (const f of (await ctx.state.get<FileFacts[]>(`facts:${key}:${i}`)) ?? []) loaded.set(f.path, f)
      }
    } catch {
      // A damaged or oversized cache only costs time: start afresh.
      loaded.clear()
      shards = 0
    }
    return loaded
  }

  // Fetched once, and early: analyzeTree asks for it while the walk runs, and compares fingerprints after.
  let stored: Promise<{ version: string; fingerprint: string; report: AnalysisReport } | undefined> | undefined
  const prefetch = (): void => {
    stored ??= ctx.state.get<{ version: string; fingerprint: string; report: AnalysisReport }>(`report:${key}`).catch(() => undefined)
  }
  const report = async (fingerprint: string): Promise<AnalysisReport | undefined> => {
    prefetch()
    const prior = await stored
    return prior?.version === version && prior.fingerprint === fingerprint ? prior.report : undefined
  }

  const save = async (all: readonly FileFacts[], changed: ReadonlySet<string>, fingerprint: string, rep: AnalysisReport): Promise<void> => {
    try {
      const before = loaded ?? new Map<string, FileFacts>()
      // A --refresh run never loaded the old facts: only their shard count matters, to drop extra shards.
      if (!loaded) shards = (await ctx.state.get<number>(`facts:${key}:n`).catch(() => 0)) ?? 0
      const n = Math.max(1, Math.ceil(all.length / SHARD))
      const dirty = new Set<number>()
      if (n !== shards || !loaded) for (let i = 0; i < n; i++) dirty.add(i)
      else {
        for (const p of changed) dirty.add(shardOf(p, n))
        const now = new Set(all.map((f) => f.path))
        for (const p of before.keys()) if (!now.has(p)) dirty.add(shardOf(p, n))
      }
      if (dirty.size > 0) {
        const byShard: FileFacts[][] = Array.from({ length: n }, () => [])
        for (const f of all) byShard[shardOf(f.path, n)]!.push(f)
        for (const i of dirty) await ctx.state.set(`facts:${key}:${i}`, byShard[i])
        await ctx.state.set(`facts:${key}:n`, n)
        await ctx.state.set(`facts:${key}:version`, version)
        for (let i = n; i < shards; i++) await ctx.state.delete(`facts:${key}:${i}`)
      }
      await ctx.state.set(`report:${key}`, { version, fingerprint, report: rep })
    } catch (e) {
      ctx.log.warn(`could not cache the analysis of ${key}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  return { facts, prefetch, report, save }
}
