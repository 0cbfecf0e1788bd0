// Starts one granted plugin in its sandbox and taps the kernel hooks it subscribed to.
import type { Permissions } from '../config/types.ts'
import { MmmError, toMmmError } from '../errors.ts'
import { HOOK_NAMES, type HookName, type KernelHooks } from '../hooks.ts'
import { InProcessRuntime } from '../sandbox/InProcessRuntime.ts'
import { PluginRuntime, type PluginRuntimeOptions } from '../sandbox/PluginRuntime.ts'
import type { SandboxRuntime } from '../sandbox/SandboxRuntime.ts'
import type { PluginManifest } from '../sandbox/PluginManifest.ts'
import type { ResolvedPlugin } from './resolvePlugin.ts'

export interface LoadedPlugin {
  name: string
  version: string
  source: string
  specifier: string
  sha256: string
  permissions: Permissions
  manifest: PluginManifest
  runtime: SandboxRuntime
  /** True when the registrations came from the manifest cache (the sandbox starts on the first call). */
  fromCache: boolean
}

export interface LoadPluginOptions {
  plugin: ResolvedPlugin
  permissions: Permissions
  root: string
  env: NodeJS.ProcessEnv
  limits: { memoryLimitMb: number; maxResultBytes: number; callTimeoutMs: number }
  hooks: KernelHooks
  onCap: PluginRuntimeOptions['onCap']
  onLog: PluginRuntimeOptions['onLog']
  /** What this exact bundle registered last time: when given, the sandbox starts on the first call. */
  cached?: PluginManifest
}

export async function loadPlugin(o: LoadPluginOptions): Promise<LoadedPlugin> {
  const { plugin } = o
  const env: Record<string, string> = {}
  for (const k of o.permissions.env ?? []) if (o.env[k] !== undefined) env[k] = o.env[k]!
  const runtimeOptions: PluginRuntimeOptions = {
    name: plugin.name,
    code: plugin.code,
    meta: { name: plugin.name, version: plugin.version, options: plugin.options, root: o.root, env },
    memoryLimitMb: o.limits.memoryLimitMb,
    maxResultBytes: o.limits.maxResultBytes,
    loadTimeoutMs: Math.min(o.limits.callTimeoutMs, 30_000),
    onCap: o.onCap,
    onLog: o.onLog,
  }
  const runtime: SandboxRuntime = plugin.sandbox === 'off' ? new InProcessRuntime({ ...runtimeOptions, entryPath: plugin.entryPath }) : new PluginRuntime(runtimeOptions)
  let manifest: PluginManifest
  if (o.cached) manifest = o.cached
  else {
    try {
      manifest = await runtime.start()
    } catch (e) {
      await runtime.close()
      throw toMmmError(e, { plugin: plugin.name })
    }
  }
  for (const hook of manifest.hooks) {
    if (!(HOOK_NAMES as readonly string[]).includes(hook) || hook === 'configResolved') {
      await runtime.close()
      throw new MmmError('MMM_BAD_MANIFEST', `plugin "${plugin.name}" taps unknown hook "${hook}"; hooks are ${HOOK_NAMES.filter((h) => h !== 'configResolved').join(', ')}`, { plugin: plugin.name })
    }
    tapHook(o.hooks, hook as HookName, plugin.name, runtime, o.limits.callTimeoutMs)
  }
  return { name: plugin.name, version: manifest.version, source: plugin.source, specifier: plugin.specifier, sha256: plugin.sha256, permissions: o.permissions, manifest, runtime, fromCache: o.cached !== undefined }
}

/** Taps on the plugin's behalf; the isolate sees JSON copies and its errors are decorated with { plugin, hook }. */
function tapHook(hooks: KernelHooks, hook: HookName, plugin: string, runtime: SandboxRuntime, timeoutMs: number): void {
  const run = (payload: unknown) =>
    runtime.invoke('hook', hook, payload ?? {}, { caller: 'kernel', timeoutMs }).catch((e: unknown) => {
      throw toMmmError(e, { plugin, hook })
    })
  switch (hook) {
    case 'pluginLoaded':
      hooks.pluginLoaded.tap(plugin, (info) => void run(info).catch(() => {}))
      return
    case 'beforeCall':
      hooks.beforeCall.tapPromise(plugin, async (info) => {
        const r = (await run(info)) as { veto?: { message?: unknown }; result?: unknown } | null | undefined
        if (r && typeof r === 'object' && r.veto) return { veto: { message: String(r.veto.message ?? 'vetoed by plugin') } }
        if (r && typeof r === 'object' && 'result' in r) return { result: r.result }
        return undefined
      })
      return
    case 'afterCall':
      hooks.afterCall.tapPromise(plugin, async (rec) => void (await run(rec)))
      return
    case 'claudeRequest':
      hooks.claudeRequest.tapPromise(plugin, async (req) => {
        const r = await run(req)
        return r && typeof r === 'object' ? (r as Record<string, unknown>) : req
      })
      return
    case 'claudeResponse':
      hooks.claudeResponse.tapPromise(plugin, async (res) => void (await run(res)))
      return
    case 'event':
      // A plugin's own events do not loop back into it.
      hooks.event.tapPromise(plugin, async (e) => { if (e.source !== plugin) await run(e).catch(() => {}) })
      return
    case 'shutdown':
      hooks.shutdown.tapPromise(plugin, async () => void (await run({}).catch(() => {})))
      return
  }
}
