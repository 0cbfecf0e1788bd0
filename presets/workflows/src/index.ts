// Workflows out of the box: the workflow and spec plugins (and the analyzer, whose detected commands the
// examples run), the loop plugin (mmm improve, whose steps code-quality-improvement runs), with four example
// workflows read from this package (the workflow plugin's `include`): feature-from-spec, fix-until-green,
// code-quality and code-quality-improvement (the improvement loop; mmm loop start --workflow runs it). Copy one
// to .mmm/workflows/ to change it: a project workflow of the same name wins. A preset never grants: approve
// each plugin once.
import { fileURLToPath } from 'node:url'
// '@mmm/kernel/config' holds just the identity helpers: loading a preset must not load the whole kernel again.
import { definePreset } from '@mmm/kernel/config'

export default definePreset({
  name: '@mmm/preset-workflows',
  plugins: ['@mmm/plugin-analyzer', ['@mmm/plugin-workflow', { include: [fileURLToPath(new URL('../workflows', import.meta.url))] }], '@mmm/plugin-spec', '@mmm/plugin-loop'],
})
