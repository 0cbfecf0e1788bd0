// Deny by default: a plugin that asks for permissions loads only once granted; grants are pinned to the bundle's sha256.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createKernel } from '../src/createKernel.ts'
import { scriptedUi } from '../src/ui/UiAdapter.ts'

let dir: string
const asks = { fs: { read: ['src/**'] }, exec: ['git'] }

function writePlugin(version: string, permissions: object = asks): void {
  const p = join(dir, 'plugins', 'needy')
  mkdirSync(join(p, 'dist'), { recursive: true })
  writeFileSync(join(p, 'package.json'), JSON.stringify({ name: 'mmm-plugin-needy', version, mmm: { entry: 'dist/plugin.js', kernel: '^1', permissions } }))
  writeFileSync(join(p, 'dist', 'plugin.js'), `export default { name: 'needy', setup(ctx) { ctx.tool('v', { description: 'version' }, () => '${version}') } }`)
}

const start = ({ config, ...o }: NonNullable<Parameters<typeof createKernel>[0]> = {}) =>
  createKernel({ cwd: dir, userConfigDir: false, env: { PATH: process.env.PATH ?? '' }, ...o, ...(config ? { config } : {}) })
const lock = () => JSON.parse(readFileSync(join(dir, '.mmm', 'plugins.lock.json'), 'utf8')) as { plugins: Record<string, { sha256: string; grantedBy: string; permissions: unknown }> }

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-grants-')))
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ plugins: ['./plugins/needy'] }))
  writePlugin('1.0.0')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('grants', () => {
  it('refuses to load an ungranted plugin without a terminal, saying how to grant it', async () => {
    await expect(start()).rejects.toMatchObject({ code: 'MMM_GRANT_REQUIRED', message: expect.stringMatching(/needy.*read files src\/\*\*.*run commands git.*--yes/s) })
    expect(existsSync(join(dir, '.mmm', 'plugins.lock.json'))).toBe(false)
  })

  it('--yes grants and records the bundle hash; the next start needs nothing', async () => {
    const k = await start({ yes: true })
    await expect(k.call('needy.v')).resolves.toBe('1.0.0')
    await k.close()
    const entry = lock().plugins.needy!
    expect(entry.grantedBy).toBe('yes')
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(entry.permissions).toEqual(asks)
    const again = await start()
    await again.close()
  })

  it('grants from the config are recorded as such', async () => {
    const k = await start({ config: { grants: { needy: { fs: { read: ['src/**'] }, exec: ['git', 'npm'] } } } })
    await k.close()
    expect(lock().plugins.needy!.grantedBy).toBe('config')
  })

  it('config grants narrower than the request do not count', async () => {
    await expect(start({ config: { grants: { needy: { fs: { read: ['src/**'] } } } } })).rejects.toMatchObject({ code: 'MMM_GRANT_REQUIRED' })
  })

  it('a changed bundle asks again', async () => {
    await (await start({ yes: true })).close()
    writePlugin('1.0.1')
    await expect(start()).rejects.toMatchObject({ code: 'MMM_GRANT_REQUIRED', message: expect.stringMatching(/changed since you granted it/) })
  })

  it('a wider request asks again', async () => {
    await (await start({ yes: true })).close()
    writePlugin('1.0.0', { ...asks, net: ['example.com'] })
    await expect(start()).rejects.toMatchObject({ code: 'MMM_GRANT_REQUIRED', message: expect.stringMatching(/reach hosts example.com/) })
  })

  it('asks on a terminal: yes loads and records, no refuses', async () => {
    const ui = scriptedUi([false])
    await expect(start({ ui })).rejects.toMatchObject({ code: 'MMM_GRANT_REQUIRED' })
    expect(ui.asked[0]).toMatch(/Plugin "needy" 1.0.0.*is new.*run commands git/s)
    const k = await start({ ui: scriptedUi([true]) })
    await k.close()
    expect(lock().plugins.needy!.grantedBy).toBe('prompt')
  })

  it('a plugin that asks for nothing loads without a grant', async () => {
    writePlugin('2.0.0', {})
    const k = await start()
    await expect(k.call('needy.v')).resolves.toBe('2.0.0')
    await k.close()
  })

  it('a damaged lockfile is a clear error', async () => {
    mkdirSync(join(dir, '.mmm'), { recursive: true })
    writeFileSync(join(dir, '.mmm', 'plugins.lock.json'), '{ not json')
    await expect(start({ yes: true })).rejects.toMatchObject({ code: 'MMM_BAD_CONFIG', message: expect.stringMatching(/plugins.lock.json is damaged/) })
  })

  it('a packaged plugin with a broken manifest fails with its name', async () => {
    writeFileSync(join(dir, 'plugins', 'needy', 'package.json'), JSON.stringify({ name: 'mmm-plugin-needy', mmm: { entry: 'dist/missing.js' } }))
    await expect(start()).rejects.toMatchObject({ code: 'MMM_BAD_MANIFEST', message: expect.stringMatching(/needy.*dist\/missing.js does not exist/) })
    writeFileSync(join(dir, 'plugins', 'needy', 'package.json'), JSON.stringify({ name: 'mmm-plugin-needy', mmm: { entry: 'dist/plugin.js', kernel: '^9' } }))
    await expect(start()).rejects.toMatchObject({ code: 'MMM_BAD_MANIFEST', message: expect.stringMatching(/kernel API \^9/) })
    writeFileSync(join(dir, 'plugins', 'needy', 'package.json'), '{ nope')
    await expect(start()).rejects.toMatchObject({ code: 'MMM_BAD_MANIFEST' })
    writeFileSync(join(dir, 'plugins', 'needy', 'package.json'), JSON.stringify({ name: 'mmm-plugin-needy', mmm: { entry: 'dist/plugin.js', memoryLimitMb: 100_000 } }))
    await expect(start()).rejects.toMatchObject({ code: 'MMM_BAD_MANIFEST', message: expect.stringMatching(/memoryLimitMb/) })
  })

  it('a plugin that is not installed is MMM_PLUGIN_NOT_FOUND', async () => {
    await expect(createKernel({ cwd: dir, userConfigDir: false, config: { plugins: ['mmm-plugin-missing'] } })).rejects.toMatchObject({ code: 'MMM_PLUGIN_NOT_FOUND' })
  })
})

describe('manifest cache', () => {
  it('a second start registers from the cache and starts the sandbox on the first call', async () => {
    const first = await start({ yes: true })
    expect(first.plugins.get('needy')!.fromCache).toBe(false)
    expect(first.plugins.get('needy')!.runtime.pid).toBeTypeOf('number')
    await first.close()
    const second = await start()
    try {
      const p = second.plugins.get('needy')!
      expect(p.fromCache).toBe(true)
      expect(p.runtime.pid).toBeUndefined()
      expect(second.registry.listTools().map((t) => t.id)).toEqual(['needy.v'])
      await expect(second.call('needy.v')).resolves.toBe('1.0.0')
      expect(p.runtime.pid).toBeTypeOf('number')
    } finally {
      await second.close()
    }
  })

  it('a damaged or tampered cache is ignored, never trusted', async () => {
    await (await start({ yes: true })).close()
    const file = join(dir, '.mmm', 'cache', 'manifests.json')
    const data = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, { manifest: { tools: Array<{ name: string }> } }> }
    for (const e of Object.values(data.entries)) e.manifest.tools[0]!.name = '../evil name'
    writeFileSync(file, JSON.stringify(data))
    const k = await start()
    try {
      expect(k.plugins.get('needy')!.fromCache).toBe(false)
      expect(k.registry.listTools().map((t) => t.id)).toEqual(['needy.v'])
    } finally {
      await k.close()
    }
    writeFileSync(file, '{ not json')
    const again = await start()
    await expect(again.call('needy.v')).resolves.toBe('1.0.0')
    await again.close()
  })

  it('a changed bundle is loaded fresh, not from the cache', async () => {
    await (await start({ yes: true })).close()
    writePlugin('1.0.1')
    const k = await start({ yes: true })
    try {
      expect(k.plugins.get('needy')!.fromCache).toBe(false)
      await expect(k.call('needy.v')).resolves.toBe('1.0.1')
    } finally {
      await k.close()
    }
  })
})
