import { defineConfig } from 'vitest/config'

// isolated-vm needs --no-node-snapshot, which Node refuses in NODE_OPTIONS for workers: forks pool + execArgv.
export default defineConfig({
  test: {
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    include: ['kernel/test/**/*.test.ts', 'plugins/*/test/**/*.test.ts', 'presets/*/test/**/*.test.ts', 'mcp-server/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/fixtures/**'],
    // One real redis-server for the state tests (Postgres is started by its own test).
    globalSetup: ['./test/globalSetup/redis.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: false },
  },
})
