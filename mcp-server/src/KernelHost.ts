// Owns the kernel `mmm mcp` serves, and replaces it when the plugins change (config, lockfile or a local
// plugin's files edited, `mmm plugin add/remove`, SIGHUP). Sessions keep going across a reload: requests
// in flight finish on the old kernel, new ones go to the new one, and listeners learn which lists changed.
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import type { Kernel } from '@mmm/kernel'

export interface ListChanges {
  tools: boolean
  resources: boolean
  prompts: boolean
}

export interface KernelHostOptions {
  /** Starts a kernel (the same options every time: a reload re-reads config and plugins). */
  open: () => Promise<Kernel>
  /** Reports a reload that failed (the previous kernel keeps serving). */
  onError?: (e: unknown) => void
  /** How long after the last file event a reload starts (default 250 ms). */
  debounceMs?: number
}

type Listener = (changes: ListChanges, kernel: Kernel) => void

export class KernelHost {
  private current: Promise<Kernel>
  private readonly opts: KernelHostOptions
  private readonly listeners = new Set<Listener>()
  private watchers: FSWatcher[] = []
  private timer: NodeJS.Timeout | undefined
  private reloading: Promise<void> | undefined
  private closed = false
  /** Bumped on every successful reload: caches keyed on it (tool catalog) rebuild. */
  generation = 0

  constructor(opts: KernelHostOptions) {
    this.opts = opts
    // Opened on the next turn of the event loop: a client's initialize, already waiting on stdin, is read
    // and answered first instead of after the config and plugins load (those requests wait on kernel()).
    this.current = new Promise<void>((r) => setImmediate(r)).then(() => opts.open())
    // An unobserved failure here is reported by whoever awaits kernel() next.
    this.current.catch(() => {})
  }

  kernel(): Promise<Kernel> {
    return this.current
  }

  onChange(fn: Listener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Starts a new kernel, swaps it in, and closes the old one once its calls had time to finish. */
  reload(): Promise<void> {
    this.reloading ??= this.doReload().finally(() => { this.reloading = undefined })
    return this.reloading
  }

  /** Watches the config file, the grant lockfile and local plugin files; any change reloads. */
  async watch(): Promise<void> {
    const k = await this.current
    this.rewatch(k)
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    for (const w of this.watchers) w.close()
    this.watchers = []
    await this.reloading?.catch(() => {})
    await (await this.current.catch(() => undefined))?.close()
  }

  private async doReload(): Promise<void> {
    if (this.closed) return
    const old = await this.current.catch(() => undefined)
    let next: Kernel
    try {
      next = await this.opts.open()
    } catch (e) {
      this.opts.onError?.(e)
      return
    }
    if (this.closed) { await next.close(); return }
    this.current = Promise.resolve(next)
    this.generation++
    const changes = old ? diff(old, next) : { tools: true, resources: true, prompts: true }
    if (this.watchers.length > 0) this.rewatch(next)
    if (changes.tools || changes.resources || changes.prompts) for (const fn of this.listeners) fn(changes, next)
    // Calls already running on the old kernel get time to finish; its plugin hosts are then stopped.
    if (old) setTimeout(() => void old.close().catch(() => {}), 30_000).unref()
  }

  private rewatch(k: Kernel): void {
    for (const w of this.watchers) w.close()
    this.watchers = []
    for (const [path, accept] of watchedPaths(k)) {
      try {
        const w = watch(path, { persistent: false }, (_event, file) => { if (!accept || (file && accept(String(file)))) this.schedule() })
        w.on('error', () => {})
        this.watchers.push(w)
      } catch {
        // A path that vanished between listing and watching: the next reload lists again.
      }
    }
  }

  private schedule(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.reload(), this.opts.debounceMs ?? 250)
    this.timer.unref()
  }
}

const CONFIG_FILE = /^(mmm\.config\.|\.mmmrc|package\.json$)/

/**
 * The config file's directory (editors replace files, which a file watch misses), the lockfile, local
 * plugins. Directories that also hold busy files (.mmm/state.db) only count events for the files that matter.
 */
function watchedPaths(k: Kernel): Map<string, ((file: string) => boolean) | undefined> {
  const out = new Map<string, ((file: string) => boolean) | undefined>()
  out.set(k.config.filepath ? dirname(k.config.filepath) : k.root, (f) => CONFIG_FILE.test(f))
  const lockDir = join(k.root, '.mmm')
  if (existsSync(lockDir)) out.set(lockDir, (f) => f === 'plugins.lock.json')
  for (const p of k.config.plugins) {
    if (!(p.specifier.startsWith('.') || isAbsolute(p.specifier))) continue
    const target = resolve(p.baseDir, p.specifier)
    if (!existsSync(target) || out.has(target)) continue
    const isDir = statSync(target).isDirectory()
    out.set(target, isDir ? (f) => f === 'package.json' || f.endsWith('.js') : undefined)
    if (isDir && existsSync(join(target, 'dist'))) out.set(join(target, 'dist'), undefined)
  }
  return out
}

function diff(a: Kernel, b: Kernel): ListChanges {
  const sig = (v: unknown) => JSON.stringify(v)
  return {
    tools: sig(a.registry.listTools()) !== sig(b.registry.listTools()),
    resources: sig(a.registry.listResources()) !== sig(b.registry.listResources()),
    prompts: sig(a.registry.listPrompts()) !== sig(b.registry.listPrompts()),
  }
}
