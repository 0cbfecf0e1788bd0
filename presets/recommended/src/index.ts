// The recommended preset: the first-party plugins every project wants. Plugins join this list as they
// are released (spec, workflow, loop and monitor next). A preset never grants: the user approves each
// plugin's permissions once (prompt, --yes, mmm plugin grant, or "grants" in their own config).
import { definePreset } from '@mmm/kernel'

export default definePreset({
  name: '@mmm/preset-recommended',
  plugins: ['@mmm/plugin-analyzer'],
  config: {
    sandbox: { memoryLimitMb: 128, callTimeoutMs: 60_000 },
  },
})
