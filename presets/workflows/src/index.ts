// Workflows out of the box: the workflow and spec plugins (and the analyzer, whose detected commands the
// examples run), the loop plugin (mmm improve, whose steps code-quality-improvement runs), with four example
// workflows shipped with this package: feature-from-spec, fix-until-green, code-quality and
// code-quality-improvement (the improvement loop; mmm loop start --workflow runs it). Copy one to
// .mmm/workflows/ to change it: a project workflow of the same name wins. A preset never grants: approve each
// plugin once.
// The examples reach the plugin as text (its `workflows` option), not as a directory: the plugin reads files only
// inside the project, and this package is usually outside it (mmm's own install, or a pnpm store behind a link).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
// '@mmm/kernel/config' holds just the identity helpers: loading a preset must not load the whole kernel again.
import { definePreset } from '@mmm/kernel/config'

const dir = fileURLToPath(new URL('../workflows', import.meta.url))
const workflows = Object.fromEntries(readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => [`@mmm/preset-workflows/${f}`, readFileSync(join(dir, f), 'utf8')]))

export default definePreset({
  name: '@mmm/preset-workflows',
  plugins: ['@mmm/plugin-analyzer', ['@mmm/plugin-workflow', { workflows }], '@mmm/plugin-spec', '@mmm/plugin-loop'],
})
