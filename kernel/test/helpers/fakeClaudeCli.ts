// A fake `claude` executable for the claude-code provider's tests: it records how it was called
// (argv, cwd, stdin) and replays a recorded stream-json file chosen through a control file.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const CLI_FIXTURES = new URL('../fixtures/claude-code/', import.meta.url).pathname

export interface FakeCli {
  /** Directory to put first on PATH. */
  bin: string
  /** The control file (env FAKE_CLAUDE_CONTROL). */
  control: string
  /** Chooses what the next runs do. */
  set(o: { stream?: string; crash?: boolean; delayMs?: number; hang?: boolean }): void
  /** How the last run was called. */
  last(): { argv: string[]; cwd: string; stdin: string }
}

export function writeFakeClaude(dir: string): FakeCli {
  const bin = join(dir, 'fake-bin')
  mkdirSync(bin, { recursive: true })
  const control = join(dir, 'fake-claude-control.json')
  const log = join(dir, 'fake-claude-log.json')
  const script = `#!${process.execPath}
const fs = require('node:fs')
const c = JSON.parse(fs.readFileSync(process.env.FAKE_CLAUDE_CONTROL, 'utf8'))
const stdin = fs.readFileSync(0, 'utf8')
fs.writeFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), stdin }))
if (c.crash) { process.stderr.write('Error: something went wrong\\nboom: not logged in\\n'); process.exit(3) }
const lines = fs.readFileSync(c.stream, 'utf8').split('\\n').filter(Boolean)
let i = 0
const next = () => {
  if (i < lines.length) { process.stdout.write(lines[i++] + '\\n'); setTimeout(next, c.delayMs || 0); return }
  if (c.hang) setInterval(() => {}, 1000)
}
next()
`
  writeFileSync(join(bin, 'claude'), script)
  chmodSync(join(bin, 'claude'), 0o755)
  const cli: FakeCli = {
    bin,
    control,
    set: (o) => writeFileSync(control, JSON.stringify({ stream: join(CLI_FIXTURES, 'stream-ok.jsonl'), ...o })),
    last: () => JSON.parse(readFileSync(log, 'utf8')) as { argv: string[]; cwd: string; stdin: string },
  }
  cli.set({})
  return cli
}
