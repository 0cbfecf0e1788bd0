// What the kernel needs from a running plugin, sandboxed (PluginRuntime) or in-process (InProcessRuntime).
import type { InvokeKind } from './protocol.ts'
import type { InvokeOptions } from './PluginRuntime.ts'
import type { PluginManifest } from './PluginManifest.ts'

export interface SandboxRuntime {
  readonly name: string
  /** How often the plugin's host was replaced after a crash, timeout or OOM. */
  readonly restarts: number
  /** The plugin-host process id (undefined when not running, or in-process). */
  readonly pid: number | undefined
  start(): Promise<PluginManifest>
  invoke(kind: InvokeKind, name: string, input: unknown, opts: InvokeOptions, depth?: number): Promise<unknown>
  close(): Promise<void>
}
