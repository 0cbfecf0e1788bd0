// `mmm watch` (real CLI process): a workflow starts when a spec file appears, another on a schedule; Ctrl-C
// stops it cleanly. Without the workflow plugin it says what to add.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'

const repo = fileURLToPath(new URL('..', import.meta.url))
const cli = join(repo, 'kernel/src/cli/main.ts')
let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function until(ok: () => boolean, ms = 20_000): Promise<boolean> {
  const end = Date.now() + ms
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 100))
  return ok()
}
const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '')

it('starts workflows on a new spec file and on a schedule, and stops on SIGINT', async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-watch-')))
  mkdirSync(join(dir, '.mmm/workflows'), { recursive: true })
  mkdirSync(join(dir, 'specs'))
  writeFileSync(join(dir, 'specs/old.md'), '# Old\n')
  writeFileSync(join(dir, '.mmm/workflows/on-spec.yaml'), 'name: on-spec\ntriggers: [spec_added]\nstages:\n  - name: a\n    steps:\n      - run: echo "${{ spec.id }} ${{ trigger.kind }}" >> seen.log\n')
  writeFileSync(join(dir, '.mmm/workflows/tick.yaml'), 'name: tick\ntriggers:\n  - schedule: "* * * * * *"\nstages:\n  - name: a\n    steps:\n      - run: echo tick >> ticks.log\n')
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ plugins: [join(repo, 'plugins/workflow')], grants: { workflow: { fs: { read: ['**'] }, exec: ['sh'], tools: ['*'], claude: true } } }))
  const child = spawn(process.execPath, [cli, 'watch', '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dir } })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  try {
    expect(await until(() => out.includes('"event":"watching"'))).toBe(true)
    expect(JSON.parse(out.split('\n')[0]!)).toMatchObject({ workflows: [{ workflow: 'on-spec' }, { workflow: 'tick' }] })
    writeFileSync(join(dir, 'specs/new.md'), '# New\n')
    expect(await until(() => read('seen.log').includes('new spec_added'))).toBe(true)
    expect(await until(() => read('ticks.log').split('\n').filter(Boolean).length >= 2)).toBe(true)
    expect(read('seen.log')).not.toContain('old')
    expect(out).toMatch(/"event":"run","workflow":"on-spec".*"status":"succeeded"/)
  } finally {
    child.kill('SIGINT')
  }
  expect(await exit).toBe(0)
}, 60_000)

it('without the workflow plugin: exit 2 and what to add', () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-watch-')))
  writeFileSync(join(dir, 'mmm.config.json'), '{}')
  const r = spawnSync(process.execPath, [cli, 'watch'], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir } })
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(/add @mmm\/plugin-workflow/)
})
