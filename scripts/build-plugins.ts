// Bundles every first-party plugin (plugins/*/src/plugin.ts) and the test fixtures into one ES module each.
import { readdirSync, existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundlePlugin } from '../kernel/src/plugins/bundlePlugin.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dirs = [
  ...readdirSync(join(root, 'plugins')).map((d) => join(root, 'plugins', d)),
  ...(existsSync(join(root, 'test/fixtures/plugins'))
    ? readdirSync(join(root, 'test/fixtures/plugins')).map((d) => join(root, 'test/fixtures/plugins', d))
    : []),
]
for (const dir of dirs) {
  if (!existsSync(join(dir, 'src/plugin.ts'))) continue
  await bundlePlugin({ dir })
}
