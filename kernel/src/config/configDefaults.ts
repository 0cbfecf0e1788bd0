import type { ResolvedConfig } from './types.ts'

/** The lowest config layer (source 'default'); a fresh copy each call so no caller can change another's. */
export function configDefaults(): ResolvedConfig['config'] {
  return {
    claude: { provider: 'auto', model: 'claude-sonnet-4-5', tasks: {} },
    grants: {},
    state: { url: 'sqlite://.mmm/state.db' },
    sandbox: { memoryLimitMb: 128, callTimeoutMs: 60_000, maxResultBytes: 16 * 1024 * 1024 },
    mcp: { tools: ['*'] },
  }
}
