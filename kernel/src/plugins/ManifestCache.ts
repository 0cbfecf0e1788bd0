// Remembers what each exact plugin bundle registered, so `mmm tools`, `mmm --help`-like commands and MCP
// tools/list need not start a sandbox: a plugin's host starts on its first call instead.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseManifest, type PluginManifest } from '../sandbox/PluginManifest.ts'
import { KERNEL_API_VERSION, type ResolvedPlugin } from './resolvePlugin.ts'
import { ensureMmmDir } from '../state/ensureMmmDir.ts'

const FORMAT = 1
const MAX_ENTRIES = 200

interface CacheFile {
  format: number
  entries: Record<string, { manifest: PluginManifest; at: number }>
}

export class ManifestCache {
  private readonly path: string
  private readonly root: string
  private data: CacheFile | undefined

  constructor(root: string) {
    this.root = root
    this.path = join(root, '.mmm', 'cache', 'manifests.json')
  }

  /** Same bundle, same options, same kernel API → same registrations. */
  key(p: ResolvedPlugin): string {
    return createHash('sha256').update(JSON.stringify([FORMAT, KERNEL_API_VERSION, p.name, p.sha256, p.options])).digest('hex')
  }

  /** A cached manifest is checked like a fresh one; a damaged entry is a miss. */
  get(key: string, plugin: string): PluginManifest | undefined {
    const m = this.load().entries[key]?.manifest
    if (!m) return undefined
    try {
      return parseManifest(plugin, JSON.stringify(m))
    } catch {
      return undefined
    }
  }

  set(key: string, manifest: PluginManifest): void {
    const data = this.load()
    data.entries[key] = { manifest, at: Date.now() }
    const keys = Object.keys(data.entries)
    if (keys.length > MAX_ENTRIES) {
      keys.sort((a, b) => data.entries[a]!.at - data.entries[b]!.at)
      for (const k of keys.slice(0, keys.length - MAX_ENTRIES)) delete data.entries[k]
    }
    // A cache that cannot be written only costs speed; never fail a command over it.
    try {
      ensureMmmDir(this.root)
      mkdirSync(join(this.path, '..'), { recursive: true })
      const tmp = `${this.path}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(data))
      renameSync(tmp, this.path)
    } catch {}
  }

  private load(): CacheFile {
    if (!this.data) {
      try {
        const d = JSON.parse(readFileSync(this.path, 'utf8')) as CacheFile
        this.data = d?.format === FORMAT && d.entries && typeof d.entries === 'object' ? d : { format: FORMAT, entries: {} }
      } catch {
        this.data = { format: FORMAT, entries: {} }
      }
    }
    return this.data
  }
}
