// A request of "net": ["*"] or "env": ["*"] asks for the hosts (variables) the user lists in the grant: the plugin gets
// exactly those, --yes and the prompt add none, and a grant may not list "*". A real server on 127.0.0.1.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Permissions } from '../src/config/types.ts'
import { createKernel, type Kernel } from '../src/createKernel.ts'
import { scriptedUi } from '../src/ui/UiAdapter.ts'

let dir: string
let server: http.Server
let port = 0
let hits = 0

// Fetches a URL and answers the status, or the error's code and message; `env` shows ctx.env.
const CODE = `export default { name: 'hooky', setup(ctx) {
  ctx.tool('get', { description: 'fetch' }, async ({ url }) => {
    try { return { status: (await ctx.http.fetch(url)).status } } catch (e) { return { code: e.code, message: e.message } }
  })
  ctx.tool('env', { description: 'env' }, () => ctx.env)
} }`

function writePlugin(permissions: Permissions): void {
  const p = join(dir, 'plugins', 'hooky')
  mkdirSync(join(p, 'dist'), { recursive: true })
  writeFileSync(join(p, 'package.json'), JSON.stringify({ name: 'mmm-plugin-hooky', version: '1.0.0', mmm: { entry: 'dist/plugin.js', kernel: '^1', permissions } }))
  writeFileSync(join(p, 'dist', 'plugin.js'), CODE)
}

const start = (o: { grants?: Permissions; yes?: boolean; answers?: boolean[] } = {}) =>
  createKernel({
    cwd: dir,
    userConfigDir: false,
    env: { PATH: process.env.PATH ?? '', HOOK_TOKEN: 'tok-1', OTHER_SECRET: 'no' },
    config: { plugins: ['./plugins/hooky'], ...(o.grants ? { grants: { hooky: o.grants } } : {}) },
    ...(o.yes ? { yes: true } : {}),
    ...(o.answers ? { ui: scriptedUi(o.answers) } : {}),
  })
const get = (k: Kernel, host: string) => k.call('hooky.get', { url: `http://${host}:${port}/` }) as Promise<{ status?: number; code?: string; message?: string }>
const granted = (k: Kernel) => k.plugins.get('hooky')!.permissions
const lock = () => JSON.parse(readFileSync(join(dir, '.mmm', 'plugins.lock.json'), 'utf8')) as { plugins: Record<string, { grantedBy: string; permissions: Permissions }> }

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    hits++
    res.end('ok')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-grants-chosen-')))
  writePlugin({ net: ['*'], env: ['*'] })
  hits = 0
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('"*" in a request: what the user lists', () => {
  it('gets exactly the hosts and variables the config grant lists', async () => {
    const k = await start({ grants: { net: ['127.0.0.1'], env: ['HOOK_TOKEN'] } })
    try {
      expect(granted(k)).toEqual({ net: ['127.0.0.1'], env: ['HOOK_TOKEN'] })
      expect(await get(k, '127.0.0.1')).toEqual({ status: 200 })
      const other = await get(k, 'localhost')
      expect(other).toMatchObject({ code: 'MMM_PERMISSION_DENIED', message: expect.stringMatching(/"localhost".*grants\.hooky\.net in mmm\.config\.ts/) })
      expect(await k.call('hooky.env')).toEqual({ HOOK_TOKEN: 'tok-1' })
      expect(hits).toBe(1)
    } finally {
      await k.close()
    }
    // The lockfile pins the request itself; the hosts stay in the config.
    expect(lock().plugins.hooky).toMatchObject({ grantedBy: 'config', permissions: { net: ['*'], env: ['*'] } })
  })

  it('--yes grants no host; a host added to the config later counts, and taking it out takes it away', async () => {
    const yes = await start({ yes: true })
    try {
      expect(granted(yes)).toEqual({ net: [], env: [] })
      expect(await get(yes, '127.0.0.1')).toMatchObject({ code: 'MMM_PERMISSION_DENIED' })
      expect(await yes.call('hooky.env')).toEqual({})
    } finally {
      await yes.close()
    }
    expect(lock().plugins.hooky!.grantedBy).toBe('yes')
    const listed = await start({ grants: { net: ['127.0.0.1'] } })
    try {
      expect(await get(listed, '127.0.0.1')).toEqual({ status: 200 })
    } finally {
      await listed.close()
    }
    expect(lock().plugins.hooky!.grantedBy).toBe('yes')
    const removed = await start()
    try {
      expect(await get(removed, '127.0.0.1')).toMatchObject({ code: 'MMM_PERMISSION_DENIED' })
    } finally {
      await removed.close()
    }
    expect(hits).toBe(1)
  })

  it('the prompt says where hosts are listed, and accepting it grants none', async () => {
    const ui = scriptedUi([true])
    const k = await createKernel({ cwd: dir, userConfigDir: false, env: { PATH: process.env.PATH ?? '' }, config: { plugins: ['./plugins/hooky'] }, ui })
    try {
      expect(ui.asked[0]).toMatch(/reach hosts: only those you list in grants\.hooky\.net in mmm\.config\.ts \(none until you do\)/)
      expect(granted(k).net).toEqual([])
    } finally {
      await k.close()
    }
  })

  it('named entries are asked for as usual; "*" adds the listed ones after them', async () => {
    writePlugin({ net: ['example.com', '*'] })
    await expect(start({ grants: { net: ['127.0.0.1'] } })).rejects.toMatchObject({ code: 'MMM_GRANT_REQUIRED', message: expect.stringMatching(/reach hosts example\.com, and only those you list in grants\.hooky\.net/) })
    const k = await start({ grants: { net: ['example.com', '127.0.0.1'] } })
    expect(granted(k).net).toEqual(['example.com', '127.0.0.1'])
    await k.close()
  })

  it('without "*" in the request, hosts in the grant beyond it give nothing', async () => {
    writePlugin({ net: ['example.com'] })
    const k = await start({ grants: { net: ['example.com', '127.0.0.1'] } })
    try {
      expect(granted(k)).toEqual({ net: ['example.com'] })
      expect(await get(k, '127.0.0.1')).toMatchObject({ code: 'MMM_PERMISSION_DENIED' })
    } finally {
      await k.close()
    }
  })

  it('a grant listing "*" is refused, saying to list the hosts (or variable names)', async () => {
    for (const net of [['*'], ['127.0.0.1', '*:443']]) {
      await expect(start({ grants: { net }, yes: true })).rejects.toMatchObject({ code: 'MMM_BAD_CONFIG', message: expect.stringMatching(/grants\.hooky\.net.*"\*" \(every host\) cannot be granted, list the hosts/) })
    }
    await expect(start({ grants: { env: ['*'] }, yes: true })).rejects.toMatchObject({ code: 'MMM_BAD_CONFIG', message: expect.stringMatching(/grants\.hooky\.env.*list the names/) })
    // Refused for a plugin that does not ask for "*" too: "*" never means every host.
    writePlugin({ net: ['example.com'] })
    await expect(start({ grants: { net: ['*'] } })).rejects.toMatchObject({ code: 'MMM_BAD_CONFIG' })
  })
})
