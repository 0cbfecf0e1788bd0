import { errors } from '../errors.ts'
import type { ConfigLayer } from './mergeLayers.ts'
import type { MmmConfig } from './types.ts'

type EnvKind = 'string' | 'number' | 'list'

/** The MMM_* environment variables and the config keys they set (documented in docs/config.md). The one table. */
export const ENV_OVERRIDES: Readonly<Record<string, { key: string; kind: EnvKind }>> = Object.freeze({
  MMM_STATE_URL: { key: 'state.url', kind: 'string' },
  MMM_CLAUDE_PROVIDER: { key: 'claude.provider', kind: 'string' },
  MMM_CLAUDE_MODEL: { key: 'claude.model', kind: 'string' },
  MMM_CLAUDE_BASE_URL: { key: 'claude.baseURL', kind: 'string' },
  MMM_CLAUDE_BUDGET_TOKENS_PER_CALL: { key: 'claude.budget.tokensPerCall', kind: 'number' },
  MMM_CLAUDE_BUDGET_TOKENS_PER_RUN: { key: 'claude.budget.tokensPerRun', kind: 'number' },
  MMM_CLAUDE_BUDGET_TOKENS_PER_DAY: { key: 'claude.budget.tokensPerDay', kind: 'number' },
  MMM_SANDBOX_MEMORY_LIMIT_MB: { key: 'sandbox.memoryLimitMb', kind: 'number' },
  MMM_SANDBOX_CALL_TIMEOUT_MS: { key: 'sandbox.callTimeoutMs', kind: 'number' },
  MMM_SANDBOX_MAX_RESULT_BYTES: { key: 'sandbox.maxResultBytes', kind: 'number' },
  MMM_MCP_TOOLS: { key: 'mcp.tools', kind: 'list' },
})

/**
 * The env layer: each set (non-empty) MMM_* variable of ENV_OVERRIDES, parsed (numbers; comma-separated
 * lists), with per-key sources 'env:MMM_X'. A value that does not parse is MMM_BAD_CONFIG naming the variable.
 */
export function envOverrides(env: NodeJS.ProcessEnv, baseDir: string): ConfigLayer {
  const config: Record<string, unknown> = {}
  const keySources: Record<string, string> = {}
  for (const [name, { key, kind }] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[name]?.trim()
    if (!raw) continue
    setAt(config, key.split('.'), parse(name, key, kind, raw))
    keySources[key] = `env:${name}`
  }
  return { source: 'env', baseDir, config: config as MmmConfig, keySources }
}

function parse(name: string, key: string, kind: EnvKind, raw: string): unknown {
  if (kind === 'list') return raw.split(',').map((s) => s.trim()).filter(Boolean)
  if (kind === 'string') return raw
  if (!/^-?\d+(\.\d+)?$/.test(raw)) throw errors.badConfig(key, raw, 'a number', `env:${name}`)
  return Number(raw)
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target
  for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>
  node[path.at(-1)!] = value
}
