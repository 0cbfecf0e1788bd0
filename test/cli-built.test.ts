// The built CLI (kernel/dist, made by pnpm build and by setup) behaves like the sources: ./mmm runs it.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'

const repo = fileURLToPath(new URL('..', import.meta.url))
const built = join(repo, 'kernel/dist/mmm.js')
let dir: string

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [built, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...env }, timeout: 60_000 })

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-built-')))
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ plugins: [join(repo, 'plugins/hello')] }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('exists (pnpm build makes it)', () => {
  expect(existsSync(built), 'kernel/dist/mmm.js is missing: run pnpm build').toBe(true)
})

it('answers --help, tools and a call, and starts plugin hosts from dist', () => {
  const help = run(['--help'])
  expect(help.status).toBe(0)
  expect(help.stdout).toContain('history')
  expect(JSON.parse(run(['tools', '--json']).stdout).tools[0].id).toBe('hello.greet')
  const call = run(['hello', 'greet', '--name', 'Built', '--json'])
  expect(call.status).toBe(0)
  expect(JSON.parse(call.stdout)).toEqual({ message: 'Hello, Built.', count: 1 })
  // The second start lists tools from the manifest cache; a call still reaches a fresh sandbox.
  expect(JSON.parse(run(['call', 'hello.greet', '--input', '{"name":"Built"}', '--json']).stdout).count).toBe(2)
})

it('validates config with the precompiled validators and reports errors the same way', () => {
  const bad = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-built-bad-')))
  writeFileSync(join(bad, 'mmm.config.json'), JSON.stringify({ sandbox: { memoryLimitMb: -1 } }))
  const r = spawnSync(process.execPath, [built, 'tools'], { cwd: bad, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: bad, NO_COLOR: '1' } })
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(/sandbox\.memoryLimitMb.*-1.*MMM_BAD_CONFIG/)
  rmSync(bad, { recursive: true, force: true })
})

it('on a Node older than 24 says so and exits 2 instead of doing nothing', () => {
  // The machine's system Node (20 here); skipped only where none other than Node 24+ exists.
  const old = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p) && spawnSync(p, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim() < '24')
  if (!old) return
  const r = spawnSync(old, [built, '--help'], { cwd: dir, encoding: 'utf8' })
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(/needs Node\.js 24 or newer/)
})

it('stops quietly when its output pipe is closed (mmm --help | true)', () => {
  // `true` exits without reading long before Node has started, so the write meets a closed pipe.
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${built}" --help | true; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' })
  expect(r.stderr).toBe('')
  expect(r.stdout.trim()).toBe('0')
})
