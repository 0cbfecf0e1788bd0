// Serves one plugin's capability calls: maps "fs.read" etc. to host implementations, each checked
// against what the user granted. The guest always has every method; the host decides.
import picomatch from 'picomatch'
import type { ClaudeService } from '../claude/createClaudeService.ts'
import { claudeMethods } from '../claude/claudeMethods.ts'
import type { Permissions } from '../config/types.ts'
import { MmmError, errors } from '../errors.ts'
import type { KernelHooks } from '../hooks.ts'
import type { CapCallContext, CapRequest } from '../sandbox/PluginRuntime.ts'
import type { StateStore } from '../state/openStateStore.ts'
import { groupCommit } from './groupCommit.ts'
import type { UiAdapter } from '../ui/UiAdapter.ts'
import { createExecCapability } from './execCapability.ts'
import { createFsCapability } from './fsCapability.ts'
import { createGitCapability } from './gitCapability.ts'
import { createHttpCapability } from './httpCapability.ts'
import { createRootResolver } from './resolveInside.ts'
import type { CapabilityContext, CapabilityMethods } from './types.ts'

export const MAX_CALL_DEPTH = 8

/**
 * Calls that need not wait for the plugin's state writes in flight: the writes themselves, a read of one key
 * (it waits for that key only), and file reads, which no state write can affect — so the analyzer's reads are
 * not held behind its cache writes. Every call with an effect (exec, git, fs writes, http, tools, claude, …) waits.
 */
const UNORDERED = new Set(['state.set', 'state.delete', 'state.get', 'fs.read', 'fs.readMany', 'fs.walk', 'fs.stat', 'fs.list'])

export interface RouterServices {
  plugin: string
  root: string
  permissions: Permissions
  env: NodeJS.ProcessEnv
  state: StateStore
  hooks: KernelHooks
  ui: UiAdapter
  callTool: (id: string, input: unknown, o: { caller: string; depth: number; signal?: AbortSignal }) => Promise<unknown>
  /** Whether a tool declares itself read-only (annotations.readOnlyHint): a call to it is no side effect. */
  isReadOnly?: (toolId: string) => boolean
  /** The kernel's claude capability (absent: every claude.* call fails with MMM_NOT_CONFIGURED). */
  claude?: ClaudeService
}

export function createCapabilityRouter(s: RouterServices): (req: CapRequest, ctx: CapCallContext) => Promise<unknown> {
  const ns = `plugin:${s.plugin}`
  let unscopedInFlight = 0
  const toolAllowed = s.permissions.tools?.length ? picomatch(s.permissions.tools) : () => false
  // One resolver for all of this plugin's calls: the capability groups are built per call (each carries the
  // call's signal), and a resolver of their own would realpath the root again every time.
  const resolver = createRootResolver(s.plugin, s.root)
  const base = (signal?: AbortSignal): CapabilityContext => ({ plugin: s.plugin, root: s.root, permissions: s.permissions, env: s.env, resolver, ...(signal ? { signal } : {}) })
  const hostGroups: Record<string, (c: CapabilityContext) => CapabilityMethods> = {
    fs: createFsCapability,
    exec: createExecCapability,
    git: createGitCapability,
    http: createHttpCapability,
  }

  // Program order for state writes: writes to one key land in the order the plugin issued them, and any other
  // call it issues after a write starts only once that write has landed. A call that arrives while such a write
  // is still in flight, and that write then fails, fails with the write's error (a write that has already failed
  // when the call arrives is the plugin's to notice). So a plugin can journal with ctx.state.set and go on to its
  // side effect (exec.run, tools.call, …) without a round trip to wait for it: the workflow engine's journal does.
  const inFlight = new Map<string, Promise<{ error: unknown } | undefined>>()
  const setGrouped = groupCommit(s.state, ns)
  const write = <T>(key: string, op: () => Promise<T>): Promise<T> => {
    const before = inFlight.get(key)
    const p = before ? before.then(op) : op()
    const own = p.then(() => undefined, (error: unknown) => ({ error }))
    // An earlier write to the key that failed is still reported to calls that wait for this one.
    const settled = before ? Promise.all([before, own]).then(([b, o]) => o ?? b) : own
    inFlight.set(key, settled)
    void settled.then(() => {
      if (inFlight.get(key) === settled) inFlight.delete(key)
    })
    return p
  }
  const afterWrites = async (): Promise<void> => {
    const failed = (await Promise.all(inFlight.values())).find((r) => r !== undefined)
    if (failed) throw failed.error
  }

  const own: Record<string, (args: unknown[], ctx: CapCallContext) => Promise<unknown>> = {
    'state.get': async ([key]) => {
      const k = str(key, 'key')
      await inFlight.get(k) // read your own write
      return s.state.get(ns, k)
    },
    'state.set': ([key, value, opts]) => {
      const k = str(key, 'key')
      const t = ttl(opts)
      return write(k, () => (t === undefined ? setGrouped(k, value) : s.state.set(ns, k, value, t)))
    },
    'state.delete': ([key]) => {
      const k = str(key, 'key')
      return write(k, () => s.state.delete(ns, k))
    },
    'state.list': ([prefix]) => s.state.list(ns, prefix === undefined || prefix === null ? undefined : str(prefix, 'prefix')),
    'tools.call': async ([id, input], ctx) => {
      const toolId = str(id, 'tool id')
      if (!toolAllowed(toolId)) throw errors.permissionDenied(s.plugin, `call tool "${toolId}"`, `"tools": ["${toolId.split('.')[0]}.*"]`)
      // ctx.tools.call carries no call id (the isolate has no async context), so its depth cannot be
      // followed; bounding how many such calls are in flight stops a recursion all the same.
      const unscoped = ctx.caller === null
      if (ctx.depth + 1 > MAX_CALL_DEPTH || (unscoped && unscopedInFlight >= MAX_CALL_DEPTH)) {
        throw new MmmError('MMM_CALL_DEPTH', `tool calls are nested deeper than ${MAX_CALL_DEPTH} (plugin "${s.plugin}" → "${toolId}"); a plugin is probably calling itself in a loop`)
      }
      if (unscoped) unscopedInFlight++
      try {
        return await s.callTool(toolId, input ?? {}, { caller: `plugin:${s.plugin}`, depth: ctx.depth + 1, ...(ctx.signal ? { signal: ctx.signal } : {}) })
      } finally {
        if (unscoped) unscopedInFlight--
      }
    },
    'events.emit': async ([name, payload]) => {
      const n = str(name, 'event name')
      if (!/^[a-zA-Z0-9_.:-]{1,100}$/.test(n)) throw new MmmError('MMM_INVALID_INPUT', `event name ${JSON.stringify(n)} must be 1–100 letters, digits, "_", ".", ":" or "-"`)
      await s.hooks.event.promise({ name: `${s.plugin}:${n}`, payload: payload ?? null, source: s.plugin, time: new Date().toISOString() })
    },
    'ui.confirm': ([message, opts]) => s.ui.confirm(str(message, 'message'), obj(opts) as { default?: boolean }),
    'ui.select': ([message, choices]) => {
      if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => c && typeof c === 'object' && typeof (c as { value?: unknown }).value === 'string')) {
        throw new MmmError('MMM_INVALID_INPUT', 'ui.select needs a non-empty list of { value: string, label?, hint? }')
      }
      return s.ui.select(str(message, 'message'), choices as Array<{ value: string }>)
    },
    'ui.input': ([message, opts]) => s.ui.input(str(message, 'message'), obj(opts) as { default?: string }),
    ...claudeMethods(s.plugin, s.permissions, s.claude),
  }

  // A call to a tool that declares itself read-only is no side effect either: it need not wait for the
  // plugin's writes (a read of the plugin's own state by that tool still waits for its key's write).
  const unordered = (req: CapRequest): boolean =>
    UNORDERED.has(req.method) || (req.method === 'tools.call' && typeof req.args[0] === 'string' && s.isReadOnly?.(req.args[0]) === true)

  return async (req, ctx) => {
    if (inFlight.size && !unordered(req)) await afterWrites()
    const handler = own[req.method]
    if (handler) return handler(req.args, ctx)
    const dot = req.method.indexOf('.')
    const group = hostGroups[req.method.slice(0, dot)]
    const method = group?.(base(ctx.signal))[req.method.slice(dot + 1)]
    if (!method) throw new MmmError('MMM_INVALID_INPUT', `unknown capability "${req.method}"`)
    return method(...req.args)
  }
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new MmmError('MMM_INVALID_INPUT', `${what} must be a non-empty string`)
  return v
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

function ttl(opts: unknown): number | undefined {
  const t = obj(opts).ttlMs
  if (t === undefined) return undefined
  if (typeof t !== 'number' || !(t > 0)) throw new MmmError('MMM_INVALID_INPUT', 'ttlMs must be a positive number of milliseconds')
  return t
}
