import type { ResolvedConfig } from './types.ts'

/** The lowest config layer (source 'default'); a fresh copy each call so no caller can change another's. */
export function configDefaults(): ResolvedConfig['config'] {
  return {
    // The only place model names are written down: everything else reads them from the config.
    claude: {
      provider: 'auto',
      model: 'claude-sonnet-5-5',
      smallModel: 'claude-haiku-4-5',
      tasks: {},
      // USD per million tokens (list prices when this was written: check them); the longest matching
      // model-id prefix wins. Cache writes are the 5-minute rate.
      prices: {
        'claude-fable-5': { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 },
        'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.4 },
        'claude-opus-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
        'claude-sonnet-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
        'claude-haiku-5': { input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01 },
        'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
        'claude-opus-4-6': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
        'claude-opus-4': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
        'claude-sonnet-4': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
        'claude-haiku-4': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
      },
    },
    grants: {},
    state: { url: 'sqlite://.mmm/state.db' },
    sandbox: { memoryLimitMb: 128, callTimeoutMs: 60_000, maxResultBytes: 16 * 1024 * 1024 },
    mcp: { tools: ['*'] },
  }
}
