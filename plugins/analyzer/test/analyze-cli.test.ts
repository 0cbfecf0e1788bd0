// `mmm analyze` as a user runs it: the text summary by default, --json, --format markdown, exit codes.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'

const repo = fileURLToPath(new URL('../../..', import.meta.url))
const main = join(repo, 'kernel/src/cli/main.ts')
let dir: string

const mmm = (args: string[]) =>
  spawnSync(process.execPath, [main, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' }, timeout: 60_000 })

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-analyze-cli-')))
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'src', 'main.go'), 'package main\n\n// main prints hello\nfunc main() {\n\tprintln("hello // not a comment")\n}\n')
  writeFileSync(join(dir, 'go.mod'), 'module example.com/demo\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n')
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ plugins: [join(repo, 'plugins/analyzer')], grants: { analyzer: { fs: { read: ['**'] }, exec: ['git'] } } }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('prints the text summary by default', () => {
  const r = mmm(['analyze'])
  expect(r.status).toBe(0)
  expect(r.stdout).toMatch(/Health score \d+\.\d \/ 10/)
  expect(r.stdout).toMatch(/Go\s+1\s+4\s+1\s+1/)
  expect(r.stdout).toMatch(/Frameworks\s+Gin/)
  expect(r.stdout).toMatch(/test\s+go test \.\/\.\.\./)
})

it('--json prints the report, --format markdown the Markdown', () => {
  const json = mmm(['analyze', '--json'])
  expect(json.status).toBe(0)
  const report = JSON.parse(json.stdout) as { version: number; languages: Array<{ name: string; code: number }> }
  expect(report.version).toBe(1)
  expect(report.languages[0]).toMatchObject({ name: 'Go', code: 4 })
  const md = mmm(['analyze', '--format', 'markdown'])
  expect(md.stdout).toMatch(/^# Project analysis/)
})

it('a missing path is bad input: exit 2 with a clear message', () => {
  const r = mmm(['analyze', 'nope'])
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(/"nope" does not exist.*MMM_ANALYZER_NOT_FOUND/)
})
