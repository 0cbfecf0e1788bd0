// First-party presets and plugins (@mmm/*) that a project names without installing them resolve from where mmm is
// installed (firstParty.ts); a project's own copy wins; other names are looked for in the project only.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config/loadConfig.ts'
import { resolvePlugin } from '../src/plugins/resolvePlugin.ts'

const repo = realpathSync(fileURLToPath(new URL('../..', import.meta.url)))
let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** A project in the temp dir: outside the mmm repository, with no node_modules of its own. */
function project(config: unknown): string {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-first-party-')))
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify(config))
  return dir
}
const plugin = (specifier: string, baseDir: string) => resolvePlugin({ specifier, options: {}, sandbox: 'on', baseDir, source: join(baseDir, 'mmm.config.json') })

describe('first-party packages a project has not installed', () => {
  it('a first-party preset and the plugins it names come from mmm\'s install', async () => {
    const cwd = project({ presets: ['@mmm/preset-workflows'] })
    const config = await loadConfig({ cwd, env: {}, userConfigDir: false })
    expect(config.plugins.map((p) => p.specifier)).toEqual(['@mmm/plugin-analyzer', '@mmm/plugin-workflow', '@mmm/plugin-spec', '@mmm/plugin-loop'])
    expect(realpathSync(plugin('@mmm/plugin-spec', config.plugins[2]!.baseDir).dir)).toBe(join(repo, 'plugins/spec'))
  })

  it('a first-party plugin named in the project config comes from mmm\'s install', () => {
    const cwd = project({ plugins: ['@mmm/plugin-spec'] })
    const r = plugin('@mmm/plugin-spec', cwd)
    expect(r.name).toBe('spec')
    expect(realpathSync(r.dir)).toBe(join(repo, 'plugins/spec'))
  })

  it('the project\'s own copy wins (a pinned version)', () => {
    const cwd = project({ plugins: ['@mmm/plugin-spec'] })
    const own = join(cwd, 'node_modules/@mmm/plugin-spec')
    mkdirSync(join(own, 'dist'), { recursive: true })
    writeFileSync(join(own, 'package.json'), JSON.stringify({ name: '@mmm/plugin-spec', version: '9.9.9', mmm: { entry: 'dist/plugin.js' } }))
    writeFileSync(join(own, 'dist/plugin.js'), "export default { name: 'spec', version: '9.9.9', setup() {} }\n")
    expect(plugin('@mmm/plugin-spec', cwd)).toMatchObject({ version: '9.9.9', dir: own })
  })

  it('a name outside @mmm/ is looked for in the project only, and a missing first-party name still fails clearly', async () => {
    const cwd = project({ presets: ['@someone/preset-x'] })
    await expect(loadConfig({ cwd, env: {}, userConfigDir: false })).rejects.toMatchObject({ code: 'MMM_PRESET_NOT_FOUND' })
    expect(() => plugin('mmm-plugin-slack', cwd)).toThrow(expect.objectContaining({ code: 'MMM_PLUGIN_NOT_FOUND' }))
    expect(() => plugin('@mmm/plugin-does-not-exist', cwd)).toThrow(expect.objectContaining({ code: 'MMM_PLUGIN_NOT_FOUND' }))
    writeFileSync(join(cwd, 'mmm.config.json'), JSON.stringify({ presets: ['@mmm/preset-nope'] }))
    await expect(loadConfig({ cwd, env: {}, userConfigDir: false })).rejects.toMatchObject({ code: 'MMM_PRESET_NOT_FOUND', message: expect.stringContaining('@mmm/preset-nope') })
  })
})
