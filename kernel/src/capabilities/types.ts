// The host side of the capabilities a plugin calls (DESIGN §5): shared types.

import type { Permissions } from '../config/types.ts'
import type { RootResolver } from './resolveInside.ts'

export type { Permissions }

export interface CapabilityContext {
  /** Plugin name, for error messages. */
  plugin: string
  /** Project root (absolute; each capability realpaths it once). */
  root: string
  /** What the user GRANTED (deny by default: undefined = nothing). */
  permissions: Permissions
  /** The kernel's environment (exec filters from it). */
  env: NodeJS.ProcessEnv
  /** The calling tool's cancellation, when the call comes from a tool call. */
  signal?: AbortSignal
  /** The plugin's resolver, shared by all its calls so realpath(root) is taken once, not once per call. */
  resolver?: RootResolver
}

/** Methods served to a plugin: every argument is untrusted JSON, every result is plain JSON. */
export type CapabilityMethods = Record<string, (...args: unknown[]) => Promise<unknown>>
