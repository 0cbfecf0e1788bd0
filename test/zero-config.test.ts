// `cd any-repo && mmm improve` with no configuration anywhere: the built CLI loads the recommended preset (the
// analyzer and the loop) from its own install; the plugins still need the user's approval.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'

const built = fileURLToPath(new URL('../kernel/dist/mmm.js', import.meta.url))
let dir = ''
let home = ''
const run = (args: string[]) => spawnSync(process.execPath, ['--no-node-snapshot', built, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1' }, timeout: 120_000 })

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-zero-')))
  home = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-zero-home-')))
  writeFileSync(join(dir, 'main.py'), 'print("hi")\n')
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...a], { cwd: dir })
  git('init', '-q')
  git('add', '.')
  git('commit', '-qm', 'first')
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(home, { recursive: true, force: true })
})

it('with no mmm.config, mmm improve exists and asks for the plugins\' approval first', () => {
  const r = run(['improve', '--dry-run'])
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(/plugin "analyzer" asks for .* and has no grant; review it, then run with --yes.*MMM_GRANT_REQUIRED/)
  const tools = run(['--yes', 'tools', '--json'])
  expect(tools.status, tools.stderr).toBe(0)
  const ids = (JSON.parse(tools.stdout) as { tools: Array<{ id: string }> }).tools.map((t) => t.id)
  expect(ids).toEqual(expect.arrayContaining(['analyzer.analyze', 'loop.improve', 'loop.sessions', 'loop.resume']))
  // Without Claude, the loop says how to set it up, and leaves nothing behind.
  const improve = run(['--yes', 'improve'])
  expect(improve.status).toBe(2)
  expect(improve.stderr).toMatch(/ANTHROPIC_API_KEY.*MMM_NOT_CONFIGURED/)
  expect(execFileSync('git', ['branch', '--list', 'mmm/*'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('')
})
