#!/usr/bin/env node
// The installed `mmm` command: re-runs Node with --no-node-snapshot (isolated-vm needs it) and the CLI.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  process.stderr.write(`mmm: needs Node.js 24 or newer (this is ${process.version}); install it, e.g. npm i -g node@24 [MMM_USAGE]\n`)
  process.exit(2)
}
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
if (process.execArgv.includes('--no-node-snapshot')) {
  const { main: run } = await import(main)
  process.exitCode = await run(process.argv.slice(2))
} else {
  const r = spawnSync(process.execPath, ['--no-node-snapshot', main, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}
