// `mmm plugin create <name>`: a new plugin package that builds, loads and has a passing test from the start.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { MmmError } from '../errors.ts'
import { KERNEL_API_VERSION } from './resolvePlugin.ts'

const NAME_RE = /^[a-z][a-z0-9-]{0,63}$/

export function scaffoldPlugin(name: string, parent: string): { dir: string; files: string[] } {
  if (!NAME_RE.test(name)) throw new MmmError('MMM_USAGE', `plugin name "${name}" must be lower-case letters, digits and dashes, starting with a letter`)
  const dir = resolve(parent, name)
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new MmmError('MMM_USAGE', `${dir} already exists and is not empty; pick another name or directory`)
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(
      {
        name: `mmm-plugin-${name}`,
        version: '0.1.0',
        description: `The ${name} plugin for mmm`,
        type: 'module',
        files: ['dist'],
        keywords: ['mmm-plugin'],
        scripts: { build: 'mmm plugin build .', test: 'vitest run' },
        mmm: { entry: 'dist/plugin.js', kernel: `^${KERNEL_API_VERSION.split('.')[0]}`, permissions: {} },
        devDependencies: { '@mmm/kernel': `^${KERNEL_API_VERSION.split('.')[0]}`, vitest: '^5' },
      },
      null,
      2,
    )}\n`,
    'src/plugin.ts': `import { definePlugin } from '@mmm/kernel/plugin'

export default definePlugin({
  name: '${name}',
  version: '0.1.0',
  setup(ctx) {
    ctx.tool(
      'hello',
      {
        description: 'Say hello',
        input: { type: 'object', properties: { name: { type: 'string', description: 'Who to greet' } }, required: ['name'], additionalProperties: false },
        output: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
      },
      async (input: { name: string }) => ({ message: \`Hello, \${input.name}\` }),
    )
  },
})
`,
    'test/plugin.test.ts': `import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '@mmm/kernel/testing'

let k: TestKernel
beforeAll(async () => {
  k = await createTestKernel({ plugins: [fileURLToPath(new URL('..', import.meta.url))] })
})
afterAll(() => k?.close())

it('says hello', async () => {
  await expect(k.call('${name}.hello', { name: 'Ada' })).resolves.toEqual({ message: 'Hello, Ada' })
})
`,
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'

// isolated-vm needs --no-node-snapshot, which Node refuses in NODE_OPTIONS for workers: forks pool + execArgv.
export default defineConfig({ test: { pool: 'forks', execArgv: ['--no-node-snapshot'] } })
`,
    'README.md': `# mmm-plugin-${name}

An [mmm](https://github.com/) plugin.

\`\`\`sh
mmm plugin build .     # src/plugin.ts → dist/plugin.js
npm test               # builds nothing: run the build first
\`\`\`

Use it from a project's \`mmm.config.ts\`: \`plugins: ['mmm-plugin-${name}']\` (or a path to this folder).
Permissions it needs go in \`package.json\` under \`mmm.permissions\`; see the plugin guide.
`,
    '.gitignore': 'node_modules/\ndist/\n',
  }
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true })
    writeFileSync(join(dir, rel), content)
  }
  return { dir, files: Object.keys(files) }
}
