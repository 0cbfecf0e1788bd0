// ctx.claude.* as the capability router serves them: the plugin's `claude` grant is checked first
// (deny by default), then the kernel's claude service does the work.
import type { Permissions } from '../config/types.ts'
import { MmmError, errors } from '../errors.ts'
import type { CapCallContext } from '../sandbox/PluginRuntime.ts'
import type { ContextItem } from './buildContext.ts'
import type { ClaudeService } from './createClaudeService.ts'

type Method = (args: unknown[], ctx: CapCallContext) => Promise<unknown>

export function claudeMethods(plugin: string, permissions: Permissions, service: ClaudeService | undefined): Record<string, Method> {
  const grant = permissions.claude
  const maxTokens = typeof grant === 'object' && grant.maxTokensPerCall !== undefined ? grant.maxTokensPerCall : undefined
  const ready = (): ClaudeService => {
    if (!grant) throw errors.permissionDenied(plugin, 'call Claude', '"claude": true')
    if (!service) throw errors.notConfigured('the claude capability', 'this kernel was started without it')
    return service
  }
  const opts = (ctx: CapCallContext) => ({
    plugin,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.progress ? { onProgress: ctx.progress } : {}),
    ...(maxTokens !== undefined ? { grantMaxTokensPerCall: maxTokens } : {}),
  })
  return {
    'claude.message': ([req], ctx) => ready().message(req, opts(ctx)),
    'claude.countTokens': ([req], ctx) => ready().countTokens(req, opts(ctx)),
    'claude.models': () => ready().models(),
    'claude.command': async ([name, args]) => {
      const s = ready()
      if (typeof name !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(name)) throw new MmmError('MMM_INVALID_INPUT', `plugin "${plugin}" called claude.command without a template name (lower-case letters, digits, -)`, { plugin })
      const a = args ?? {}
      if (typeof a !== 'object' || Array.isArray(a) || !Object.values(a).every((v) => typeof v === 'string')) throw new MmmError('MMM_INVALID_INPUT', `plugin "${plugin}" called claude.command with arguments that are not { name: string }`, { plugin })
      return s.command(name, a as Record<string, string>)
    },
    'claude.buildContext': async ([args]) => {
      const s = ready()
      const a = (args ?? {}) as { items?: unknown; budgetTokens?: unknown }
      if (!Array.isArray(a.items) || !a.items.every(isItem)) {
        throw new MmmError('MMM_INVALID_INPUT', `plugin "${plugin}" called claude.buildContext without items [{ id, text, priority: "critical" | "high" | "medium" | "low" }]`, { plugin })
      }
      if (typeof a.budgetTokens !== 'number' || !Number.isInteger(a.budgetTokens) || a.budgetTokens < 1) {
        throw new MmmError('MMM_INVALID_INPUT', `plugin "${plugin}" called claude.buildContext without a positive integer budgetTokens`, { plugin })
      }
      return s.buildContext(a.items, a.budgetTokens)
    },
  }
}

function isItem(v: unknown): v is ContextItem {
  const i = v as ContextItem
  return !!i && typeof i === 'object' && typeof i.id === 'string' && typeof i.text === 'string' && ['critical', 'high', 'medium', 'low'].includes(i.priority) && (i.title === undefined || typeof i.title === 'string')
}
