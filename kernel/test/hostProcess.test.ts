// A plugin host started ahead of need (the CLI's prewarm): taken by the first plugin that starts, never keeping
// the process alive, and gone after discardSpareHost. Real child processes.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '../src/testing/createTestKernel.ts'
import { discardSpareHost, prewarmHost, spareHostPid } from '../src/sandbox/hostProcess.ts'

const hello = fileURLToPath(new URL('../../plugins/hello', import.meta.url))
let k: TestKernel | undefined

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 20))
  return !running(pid)
}

afterEach(async () => {
  await k?.close()
  k = undefined
  discardSpareHost()
})

describe('prewarmed plugin host', () => {
  it('is taken by the first plugin that starts, and serves it', async () => {
    prewarmHost()
    const spare = spareHostPid()
    expect(spare).toBeTypeOf('number')
    prewarmHost() // one spare at most
    expect(spareHostPid()).toBe(spare)
    k = await createTestKernel({ plugins: [hello] })
    expect(await k.call('hello.greet', { name: 'Warm' })).toMatchObject({ message: 'Hello, Warm.' })
    expect(k.plugins.get('hello')!.runtime.pid).toBe(spare)
    expect(spareHostPid()).toBeUndefined()
  })

  it('is stopped by discardSpareHost', async () => {
    prewarmHost()
    const spare = spareHostPid()!
    discardSpareHost()
    expect(spareHostPid()).toBeUndefined()
    expect(await gone(spare)).toBe(true)
  })

  it('never keeps a process alive, and exits with it', async () => {
    const module = fileURLToPath(new URL('../src/sandbox/hostProcess.ts', import.meta.url))
    const script = `import(${JSON.stringify(module)}).then((m) => { m.prewarmHost(); setTimeout(() => console.log(m.spareHostPid()), 300) })`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 })
    expect(r.error).toBeUndefined() // no timeout: the spare did not hold the process open
    expect(r.status).toBe(0)
    const pid = Number(r.stdout.trim())
    expect(pid).toBeGreaterThan(0)
    expect(await gone(pid)).toBe(true)
  })
})

describe('the mmm command (kernel/bin/mmm.js with the built CLI)', () => {
  const bin = fileURLToPath(new URL('../bin/mmm.js', import.meta.url))
  const built = existsSync(new URL('../dist/prewarm.js', import.meta.url))
  // Logs each plugin host a run forks, and whether the bin's prewarm (dist/prewarm.js) forked it.
  const HOOK = `import cp from 'node:child_process'; import { syncBuiltinESMExports } from 'node:module'; import { appendFileSync } from 'node:fs'
const fork = cp.fork; cp.fork = function (...a) { if (String(a[0]).endsWith('pluginHost.js')) appendFileSync(process.env.FORK_LOG, (new Error().stack.includes('prewarm.js') ? 'from-bin' : 'later') + '\\n'); return fork.apply(this, a) }; syncBuiltinESMExports()`

  it.runIf(built)('forks one plugin host for a plugin command, from the bin before the CLI loads, and none for its own commands', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-prewarm-'))
    try {
      writeFileSync(join(dir, 'hook.mjs'), HOOK)
      writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ plugins: [hello], grants: { hello: {} } }))
      const run = (args: string[]) => {
        const log = join(dir, `forks-${args[0]}.log`)
        writeFileSync(log, '')
        const r = spawnSync(process.execPath, ['--import', join(dir, 'hook.mjs'), bin, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, FORK_LOG: log } })
        return { code: r.status, out: r.stdout, forks: readFileSync(log, 'utf8').split('\n').filter(Boolean) }
      }
      const greet = run(['hello', 'greet', '--name', 'Ada', '--json'])
      expect(greet.code).toBe(0)
      expect(greet.out).toContain('Ada')
      expect(greet.forks).toEqual(['from-bin'])
      for (const args of [['tools', '--json'], ['--help']]) expect(run(args)).toMatchObject({ code: 0, forks: [] })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
