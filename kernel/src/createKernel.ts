// createKernel (DESIGN §4): config → state → plugins (resolved, granted, sandboxed, registered) → one dispatcher.
import { realpathSync } from 'node:fs'
import { createClaudeService, type ClaudeService } from './claude/createClaudeService.ts'
import { loadConfig } from './config/loadConfig.ts'
import type { MmmConfig, Permissions, ResolvedConfig } from './config/types.ts'
import { createCapabilityRouter } from './capabilities/createCapabilityRouter.ts'
import { createDispatcher, type CallOptions } from './Dispatcher.ts'
import { MmmError, errors, toMmmError } from './errors.ts'
import { grantPlugin } from './grants/grantPlugin.ts'
import { Lockfile } from './grants/Lockfile.ts'
import { createHooks, type KernelHooks } from './hooks.ts'
import { loadPlugin, type LoadedPlugin } from './plugins/loadPlugin.ts'
import { ManifestCache } from './plugins/ManifestCache.ts'
import { resolvePlugin } from './plugins/resolvePlugin.ts'
import { Registry } from './registry/Registry.ts'
import type { RuntimeLog } from './sandbox/PluginRuntime.ts'
import { HistoryStore } from './state/HistoryStore.ts'
import { lazyStateStore } from './state/lazyStateStore.ts'
import { redactUrl } from './state/parseStateUrl.ts'
import { openStateStore, type StateStore } from './state/openStateStore.ts'
import { noUi, type UiAdapter } from './ui/UiAdapter.ts'
import type { PromptMessage } from './plugin/types.ts'

export interface KernelLogEntry extends Omit<RuntimeLog, 'callId'> {
  plugin: string
}

/** A plugin left out for want of a grant (CreateKernelOptions.onUngranted): what it is and what it asks for. */
export interface UngrantedPlugin {
  name: string
  version: string
  specifier: string
  requested: Permissions
}

export interface CreateKernelOptions {
  cwd?: string
  /** An already resolved config, or inline config merged over the files as the top layer. */
  config?: ResolvedConfig | MmmConfig
  configFile?: string
  env?: NodeJS.ProcessEnv
  /** Grant every plugin what it asks (recorded in the lockfile as granted by --yes), or only the named plugins. */
  yes?: boolean | readonly string[]
  ui?: UiAdapter
  /** Directory of the user-global config, or false to ignore it. */
  userConfigDir?: string | false
  /** Where plugin logs go (default: stderr, one line each). */
  onLog?: (entry: KernelLogEntry) => void
  /** A state store to use instead of opening config.state.url (closed by kernel.close()). */
  state?: StateStore
  /** The Claude run this kernel's calls count against (default: MMM_RUN_ID or a new id), and --no-cache. */
  claude?: { runId?: string; noCache?: boolean }
  /**
   * A plugin without a grant for what it asks (MMM_GRANT_REQUIRED) fails the start, unless this is given: then
   * it is left out and reported here, and the others load (`mmm mcp` keeps serving them; a grant reloads it).
   */
  onUngranted?: (error: MmmError, plugin: UngrantedPlugin) => void
}

export interface Kernel {
  readonly root: string
  readonly config: ResolvedConfig
  readonly hooks: KernelHooks
  readonly registry: Registry
  readonly state: StateStore
  readonly history: HistoryStore
  readonly plugins: ReadonlyMap<string, LoadedPlugin>
  /** The claude capability (DESIGN §8), as plugins reach it through ctx.claude. */
  readonly claude: ClaudeService
  call(toolId: string, input?: unknown, options?: CallOptions): Promise<unknown>
  readResource(uri: string): Promise<unknown>
  getPrompt(id: string, args?: Record<string, string>): Promise<PromptMessage[]>
  close(): Promise<void>
}

export async function createKernel(o: CreateKernelOptions = {}): Promise<Kernel> {
  const cwd = o.cwd ?? process.cwd()
  const env = o.env ?? process.env
  const hooks = createHooks()
  const loaded = isResolved(o.config)
    ? o.config
    : await loadConfig({ cwd, env, ...(o.configFile ? { configFile: o.configFile } : {}), ...(o.userConfigDir !== undefined ? { userConfigDir: o.userConfigDir } : {}), ...(o.config ? { overrides: o.config } : {}) })
  const config = hooks.configResolved.call(loaded)
  const root = realpathSync(config.root)
  const ui = o.ui ?? noUi
  const onLog = o.onLog ?? defaultLog
  const stateUrl = config.config.state.url ?? 'sqlite://.mmm/state.db'
  const state = o.state ?? lazyStateStore(redactUrl(stateUrl), () => openStateStore({ url: stateUrl, root }))
  const history = new HistoryStore(state)
  const claude = createClaudeService({ config: config.config.claude, env, root, state, hooks, userConfigDir: o.userConfigDir, ...(config.config.prompts ? { prompts: config.config.prompts } : {}), ...o.claude })
  const registry = new Registry()
  const plugins = new Map<string, LoadedPlugin>()
  const lock = new Lockfile(root)
  const cache = new ManifestCache(root)
  const sandbox = config.config.sandbox
  const limits = { memoryLimitMb: sandbox.memoryLimitMb ?? 128, maxResultBytes: sandbox.maxResultBytes ?? 16 * 1024 * 1024, callTimeoutMs: sandbox.callTimeoutMs ?? 60_000 }

  const call = createDispatcher({
    registry,
    hooks,
    history,
    runtimeOf: (name) => plugins.get(name)!.runtime,
    defaultTimeoutMs: limits.callTimeoutMs,
    onHistoryError: (e) => onLog({ plugin: 'kernel', level: 'warn', message: `could not record the call in history: ${toMmmError(e).message}` }),
  })

  try {
    const resolved = config.plugins.map((p) => resolvePlugin(p))
    const seen = new Set<string>()
    for (const r of resolved) {
      if (seen.has(r.name)) throw errors.badManifest(r.name, `two plugins are named "${r.name}" (${r.specifier}); plugin names must be unique`)
      seen.add(r.name)
    }
    // Grants are asked one at a time (prompts cannot overlap); sandboxes then start side by side.
    const granted: Permissions[] = []
    const loadable: typeof resolved = []
    for (const r of resolved) {
      try {
        granted.push(await grantPlugin(r, { lock, configGrants: config.config.grants ?? {}, yes: o.yes ?? false, ui }))
        loadable.push(r)
      } catch (e) {
        if (!(o.onUngranted && e instanceof MmmError && e.code === 'MMM_GRANT_REQUIRED')) throw e
        o.onUngranted(e, { name: r.name, version: r.version, specifier: r.specifier, requested: r.requested })
      }
    }
    const started = await Promise.allSettled(
      loadable.map((plugin, i) => {
        const cached = plugin.sandbox === 'on' ? cache.get(cache.key(plugin), plugin.name) : undefined
        return loadPlugin({
          ...(cached ? { cached } : {}),
          plugin,
          permissions: granted[i]!,
          root,
          env,
          // A manifest may ask for a larger isolate than the default (never a smaller one than configured).
          limits: { ...limits, memoryLimitMb: Math.max(limits.memoryLimitMb, plugin.memoryLimitMb ?? 0) },
          hooks,
          onLog: (l) => onLog({ plugin: plugin.name, level: l.level, message: l.message, ...(l.data !== undefined ? { data: l.data } : {}) }),
          onCap: createCapabilityRouter({
            plugin: plugin.name,
            root,
            permissions: granted[i]!,
            env,
            state,
            hooks,
            ui: ui.forPlugin?.(plugin.name) ?? ui,
            callTool: (id, input, c) => call(id, input, c),
            isReadOnly: (id) => {
              try {
                return registry.getTool(id).annotations?.readOnlyHint === true
              } catch {
                return false
              }
            },
            claude,
          }),
        })
      }),
    )
    const failed = started.find((s) => s.status === 'rejected')
    for (const s of started) if (s.status === 'fulfilled') plugins.set(s.value.name, s.value)
    if (failed) throw (failed as PromiseRejectedResult).reason
    for (const p of plugins.values()) registry.register(p.name, p.manifest, { compile: !p.fromCache })
    loadable.forEach((r) => { const p = plugins.get(r.name); if (p && !p.fromCache && r.sandbox === 'on') cache.set(cache.key(r), p.manifest) })
    for (const p of plugins.values()) hooks.pluginLoaded.call({ name: p.name, version: p.version })
  } catch (e) {
    await Promise.all([...plugins.values()].map((p) => p.runtime.close()))
    if (!o.state) await state.close().catch(() => {})
    throw e
  }

  let closed = false
  return {
    root,
    config,
    hooks,
    registry,
    state,
    history,
    plugins,
    claude,
    call,
    async readResource(uri) {
      const r = registry.getResource(uri)
      if (!r) throw new MmmError('MMM_RESOURCE_NOT_FOUND', `no resource "${uri}" (mmm tools --json lists resources)`)
      return plugins.get(r.plugin)!.runtime.invoke('resource', uri, null, { caller: 'api', timeoutMs: limits.callTimeoutMs })
    },
    async getPrompt(id, args = {}) {
      const p = registry.getPrompt(id)
      if (!p) throw new MmmError('MMM_PROMPT_NOT_FOUND', `no prompt "${id}"`)
      for (const a of p.arguments ?? []) if (a.required && !(a.name in args)) throw new MmmError('MMM_INVALID_INPUT', `prompt "${id}" needs the argument "${a.name}"`)
      const out = await plugins.get(p.plugin)!.runtime.invoke('prompt', p.name, args, { caller: 'api', timeoutMs: limits.callTimeoutMs })
      return normalizePrompt(id, out)
    },
    async close() {
      if (closed) return
      closed = true
      await hooks.shutdown.promise().catch(() => {})
      await Promise.all([...plugins.values()].map((p) => p.runtime.close()))
      await history.flush()
      if (!o.state) await state.close()
    },
  }
}

function isResolved(c: CreateKernelOptions['config']): c is ResolvedConfig {
  return !!c && typeof c === 'object' && 'root' in c && 'sources' in c && Array.isArray((c as ResolvedConfig).plugins)
}

function normalizePrompt(id: string, out: unknown): PromptMessage[] {
  if (typeof out === 'string') return [{ role: 'user', content: out }]
  if (Array.isArray(out) && out.every((m) => m && typeof m === 'object' && (m.role === 'user' || m.role === 'assistant') && typeof m.content === 'string')) return out as PromptMessage[]
  throw new MmmError('MMM_INVALID_OUTPUT', `prompt "${id}" must return a string or [{ role, content }]`)
}

function defaultLog(e: KernelLogEntry): void {
  process.stderr.write(`[${e.plugin}] ${e.level}: ${e.message}\n`)
}
