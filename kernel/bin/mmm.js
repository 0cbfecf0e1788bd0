#!/usr/bin/env node
// The installed `mmm` command. The CLI process itself never loads isolated-vm (isolates live in the
// plugin-host child processes, which get --no-node-snapshot), so it starts with Node's fast snapshot.
import { fileURLToPath } from 'node:url'

const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  process.stderr.write(`mmm: needs Node.js 24 or newer (this is ${process.version}); install it, e.g. npm i -g node@24 [MMM_USAGE]\n`)
  process.exit(2)
}
const { main } = await import(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)))
process.exitCode = await main(process.argv.slice(2))
