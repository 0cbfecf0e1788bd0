// The kernel's hooks (DESIGN §4): one frozen object of typed tapable hooks; every tap is named after its plugin.
import { AsyncParallelHook, AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, SyncHook, SyncWaterfallHook } from 'tapable'
import type { ResolvedConfig } from './config/types.ts'

export interface CallInfo {
  id: string
  tool: string
  input: unknown
  caller: string
}

/** What a beforeCall tap may return: a veto (the call fails with MMM_CALL_VETOED) or a result that short-circuits it. */
export type BeforeCallOutcome = { veto: { message: string } } | { result: unknown } | undefined

export interface CallRecord {
  id: string
  tool: string
  caller: string
  durationMs: number
  outcome: 'ok' | 'error' | 'cancelled'
  error?: { code: string; message: string }
}

export interface KernelEvent {
  name: string
  payload: unknown
  source: string
  time: string
}

export interface PluginInfo {
  name: string
  version: string
}

export type ClaudeRequest = Record<string, unknown>
export type ClaudeResponse = Record<string, unknown>

export function createHooks() {
  return Object.freeze({
    configResolved: new SyncWaterfallHook<[ResolvedConfig]>(['config']),
    pluginLoaded: new SyncHook<[PluginInfo]>(['plugin']),
    beforeCall: new AsyncSeriesBailHook<[CallInfo], BeforeCallOutcome>(['call']),
    afterCall: new AsyncSeriesHook<[CallRecord]>(['call']),
    claudeRequest: new AsyncSeriesWaterfallHook<[ClaudeRequest]>(['request']),
    claudeResponse: new AsyncSeriesHook<[ClaudeResponse]>(['response']),
    event: new AsyncParallelHook<[KernelEvent]>(['event']),
    shutdown: new AsyncParallelHook<[]>([]),
  })
}

export type KernelHooks = ReturnType<typeof createHooks>
export type HookName = keyof KernelHooks
export const HOOK_NAMES: readonly HookName[] = ['configResolved', 'pluginLoaded', 'beforeCall', 'afterCall', 'claudeRequest', 'claudeResponse', 'event', 'shutdown']
