// Every hostile fixture fails only its own call, with a coded error; the benign plugin answers right after.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ivm from 'isolated-vm'
import { createTestKernel, type TestKernel } from '@mmm/kernel/testing'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/hostile/${name}.js`, import.meta.url))

let k: TestKernel
let server: Server
let hits = 0

beforeAll(async () => {
  server = createServer((_, res) => { hits++; res.end('reached') })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  k = await createTestKernel({
    plugins: ['escape', 'loops', 'memory', 'benign'].map((n) => ({ use: fixture(n) })).concat([
      { use: fixture('trespass'), permissions: { fs: { read: ['src/**'] }, tools: ['trespass.*'] } } as never,
    ]),
    grants: { trespass: { fs: { read: ['src/**'] }, tools: ['trespass.*'] } },
    config: { sandbox: { callTimeoutMs: 3000, memoryLimitMb: 64, maxResultBytes: 1024 * 1024 } },
  })
  mkdirSync(join(k.dir, 'src'))
  writeFileSync(join(k.dir, 'src/ok.txt'), 'inside')
  symlinkSync('/etc', join(k.dir, 'src/etc-link'))
  symlinkSync('/etc/passwd', join(k.dir, 'src/passwd-link'))
})

afterAll(async () => {
  await k?.close()
  server?.close()
})

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; plugin?: string }> {
  try {
    await p
  } catch (e) {
    return e as { code: string; message: string }
  }
  throw new Error('expected the call to fail')
}

async function benignStillAnswers(n: number): Promise<void> {
  await expect(k.call('benign.ping', { n })).resolves.toEqual({ pong: n + 1 })
}

describe('escape probes', () => {
  it('finds no process, require, ivm object or host frame', async () => {
    const found = (await k.call('escape.probe')) as Record<string, unknown>
    for (const key of ['constructorProcess', 'functionProcess', 'ctxConstructorProcess', 'toolFnProcess', 'require', 'process', 'globalRequire', 'globalProcess', 'module', 'ivm', 'evalProcess']) {
      expect([null, 'threw'], key).toContain(found[key])
    }
    // Every global the plugin can see is plain ECMAScript (as in a bare isolate) or one of the runtime's four.
    const bare = new ivm.Isolate({ memoryLimit: 16 })
    const ctx = bare.createContextSync()
    const builtins = JSON.parse(ctx.evalSync('JSON.stringify(Object.getOwnPropertyNames(globalThis))') as string) as string[]
    bare.dispose()
    const allowed = new Set([...builtins, 'console', 'setTimeout', 'clearTimeout', 'queueMicrotask'])
    expect((found.globals as string[]).filter((g) => !allowed.has(g))).toEqual([])
    expect(found.captured).toEqual([])
    expect(found.hostErrorCode).toBe('MMM_PERMISSION_DENIED')
    expect(found.hostStackMentionsNode).toBe(false)
    expect(found.dynamicImport).toBe('threw')
    await benignStillAnswers(1)
  })
})

describe('runaway code', () => {
  it('a synchronous infinite loop times out', async () => {
    const e = await failure(k.call('loops.sync'))
    expect(e.code).toBe('MMM_PLUGIN_TIMEOUT')
    expect(e.plugin).toBe('loops')
    await benignStillAnswers(2)
  })

  it('a promise that never settles times out and the host is restarted', async () => {
    const before = k.plugins.get('loops')!.runtime.restarts
    const e = await failure(k.call('loops.never'))
    expect(e.code).toBe('MMM_PLUGIN_TIMEOUT')
    expect(k.plugins.get('loops')!.runtime.restarts).toBe(before + 1)
    await benignStillAnswers(3)
    // The restarted host serves the next call.
    expect((await failure(k.call('loops.sync'))).code).toBe('MMM_PLUGIN_TIMEOUT')
  })

  it('an async loop of host calls times out', async () => {
    const e = await failure(k.call('loops.asyncHostLoop'))
    expect(e.code).toBe('MMM_PLUGIN_TIMEOUT')
    await benignStillAnswers(4)
  })

  it('an infinite loop after an await times out', async () => {
    const e = await failure(k.call('loops.loopAfterAwait'))
    expect(e.code).toBe('MMM_PLUGIN_TIMEOUT')
    await benignStillAnswers(5)
  })
})

describe('memory', () => {
  it('a memory bomb fails with MMM_PLUGIN_OOM and the plugin comes back', async () => {
    const pid = k.plugins.get('memory')!.runtime.pid
    const e = await failure(k.call('memory.bomb'))
    expect(e.code).toBe('MMM_PLUGIN_OOM')
    await benignStillAnswers(6)
    expect((await failure(k.call('memory.bigResult'))).code).toBe('MMM_PLUGIN_RESULT_TOO_LARGE')
    expect(k.plugins.get('memory')!.runtime.pid).not.toBe(pid)
  })

  it('a 200 MB string returned to the host is refused', async () => {
    const e = await failure(k.call('memory.hugeString'))
    expect(['MMM_PLUGIN_OOM', 'MMM_PLUGIN_RESULT_TOO_LARGE']).toContain(e.code)
    await benignStillAnswers(7)
  })

  it('a result over sandbox.maxResultBytes is refused', async () => {
    expect((await failure(k.call('memory.bigResult'))).code).toBe('MMM_PLUGIN_RESULT_TOO_LARGE')
    await benignStillAnswers(8)
  })
})

describe('trespassing', () => {
  it('reads inside the grant work', async () => {
    await expect(k.call('trespass.read', { path: 'src/ok.txt' })).resolves.toBe('inside')
  })

  it.each(['../../etc/passwd', '/etc/passwd', 'src/../../../../etc/passwd', 'src/passwd-link', 'src/etc-link/passwd', 'package.json'])('reading %s is denied', async (path) => {
    const e = await failure(k.call('trespass.read', { path }))
    expect(e.code).toBe('MMM_PERMISSION_DENIED')
    await benignStillAnswers(9)
  })

  it('exec without a grant is denied', async () => {
    const e = await failure(k.call('trespass.exec'))
    expect(e.code).toBe('MMM_PERMISSION_DENIED')
    expect(e.message).toMatch(/"exec"/)
    await benignStillAnswers(10)
  })

  it('http without a grant is denied before any connection', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const e = await failure(k.call('trespass.http', { url }))
    expect(e.code).toBe('MMM_PERMISSION_DENIED')
    expect(hits).toBe(0)
    await benignStillAnswers(11)
  })

  it('a flood of capability calls is rate limited', async () => {
    const e = await failure(k.call('trespass.flood', { n: 20_000 }))
    expect(e.code).toBe('MMM_RATE_LIMITED')
    await benignStillAnswers(12)
  })

  it.each(['callSelf', 'callSelfScoped'])('endless recursion through tools.call (%s) stops at the depth limit', async (tool) => {
    const e = await failure(k.call(`trespass.${tool}`))
    expect(e.code).toBe('MMM_CALL_DEPTH')
    await benignStillAnswers(13)
  })
})

describe('a killed plugin host', () => {
  it('fails the calls in flight with MMM_PLUGIN_CRASHED and restarts on the next call', async () => {
    const runtime = k.plugins.get('benign')!.runtime
    await benignStillAnswers(20)
    const pid = runtime.pid!
    const inFlight = k.call('benign.slow')
    await new Promise((r) => setTimeout(r, 100))
    process.kill(pid, 'SIGKILL')
    const e = await failure(inFlight)
    expect(e.code).toBe('MMM_PLUGIN_CRASHED')
    expect(e.message).toMatch(/SIGKILL/)
    await benignStillAnswers(21)
    expect(runtime.pid).not.toBe(pid)
    // State written before the crash is still there: it lives in the kernel's store, not the host.
    await expect(k.state.get('plugin:benign', 'last')).resolves.toBe(21)
  })
})
