// mmm's own config: mmm is used on itself.
import { defineConfig } from '@mmm/kernel'

export default defineConfig({
  plugins: [['./plugins/hello', { greeting: 'Hello' }]],
})
