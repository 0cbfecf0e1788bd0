// The recommended preset: the first-party plugins every project wants — the analyzer and the improvement
// loop (`mmm analyze`, `mmm improve`). It is also what mmm uses in a project with no mmm.config at all.
// A preset never grants: the user approves each plugin's permissions once (prompt, --yes, mmm plugin
// grant, or "grants" in their own config).
// '@mmm/kernel/config' holds just the identity helpers: loading a preset must not load the whole kernel again.
import { definePreset } from '@mmm/kernel/config'

export default definePreset({
  name: '@mmm/preset-recommended',
  plugins: ['@mmm/plugin-analyzer', '@mmm/plugin-loop'],
  config: {
    sandbox: { memoryLimitMb: 128, callTimeoutMs: 60_000 },
  },
})
