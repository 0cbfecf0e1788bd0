// mmm's own config: mmm is used on itself.
import { defineConfig } from '@mmm/kernel'

export default defineConfig({
  plugins: [['./plugins/hello', { greeting: 'Hello' }], './plugins/analyzer'],
  // The analyzer reads the project and asks git for recent activity; granted here for this repository.
  grants: { analyzer: { fs: { read: ['**'] }, exec: ['git'] } },
})
