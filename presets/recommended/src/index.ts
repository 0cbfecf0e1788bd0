// The recommended preset: the first-party plugins every project wants. Plugins join this list as they
// are released (analyzer, spec, workflow, loop, monitor); today it carries the safe sandbox defaults.
import { definePreset } from '@mmm/kernel'

export default definePreset({
  name: '@mmm/preset-recommended',
  plugins: [],
  config: {
    sandbox: { memoryLimitMb: 128, callTimeoutMs: 60_000 },
  },
})
