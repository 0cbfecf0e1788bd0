// mmm's own config: mmm is used on itself.
import { defineConfig } from '@mmm/kernel/config'

export default defineConfig({
  plugins: [['./plugins/hello', { greeting: 'Hello' }], './plugins/analyzer', './plugins/workflow', './plugins/spec', './plugins/loop'],
  // Granted here for this repository: the analyzer reads the project and asks git for recent activity; workflows
  // run shell steps, tools and Claude; specs are written under specs/ (drafts by Claude, drift from git); the
  // loop works in git worktrees under .mmm/worktrees and runs the project's own checks through sh.
  grants: {
    analyzer: { fs: { read: ['**'] }, exec: ['git'] },
    workflow: { fs: { read: ['**'] }, exec: ['sh'], tools: ['*'], claude: true },
    spec: { fs: { read: ['**'], write: ['specs/**', '.mmm/worktrees/**'] }, exec: ['git', 'sh'], claude: true, tools: ['analyzer.context'] },
    loop: { fs: { read: ['**'], write: ['.mmm/worktrees/**'] }, exec: ['git', 'sh'], claude: true, tools: ['analyzer.analyze', 'analyzer.context', 'workflow.run'] },
  },
})
