// @mmm/plugin-loop: `mmm improve` and the improvement loop (docs/improve.md).
import { definePlugin } from '@mmm/kernel/plugin'

export default definePlugin({
  name: 'loop',
  version: '0.1.0',
  setup() {},
})
