#!/usr/bin/env node
// The installed `mmm` command. The CLI process itself never loads isolated-vm (isolates live in the
// plugin-host child processes, which get --no-node-snapshot), so it starts with Node's fast snapshot.
import { existsSync } from 'node:fs'

const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  process.stderr.write(`mmm: needs Node.js 24 or newer (this is ${process.version}); install it, e.g. npm i -g node@24 [MMM_USAGE]\n`)
  process.exit(2)
}
// Node's on-disk compile cache: later starts skip compiling the CLI's bundle (MCP clients start mmm often).
const { enableCompileCache } = await import('node:module')
enableCompileCache?.()
// A command that runs a plugin starts its plugin host first, so it boots while the CLI loads (built CLI only).
const prewarm = new URL('../dist/prewarm.js', import.meta.url)
if (existsSync(prewarm)) {
  try {
    (await import(prewarm.href)).prewarmFor(process.argv.slice(2))
  } catch {
    // Only a head start: the CLI starts the host itself when it needs one.
  }
}
// The built CLI (pnpm build) starts fastest; the sources work too (Node 24 strips their types).
const built = new URL('../dist/mmm.js', import.meta.url)
const { main } = await import(existsSync(built) ? built.href : new URL('../src/cli/main.ts', import.meta.url).href)
process.exitCode = await main(process.argv.slice(2))
