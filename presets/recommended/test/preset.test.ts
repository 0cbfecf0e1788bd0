// The recommended preset, loaded the way a project loads it: from node_modules, merged under the user's config.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { createKernel, loadConfig } from '@mmm/kernel'

const preset = fileURLToPath(new URL('..', import.meta.url))

it('enables the analyzer and the loop, which still need the user grant, and keeps the user values on top', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-preset-')))
  mkdirSync(join(dir, 'node_modules', '@mmm'), { recursive: true })
  symlinkSync(preset, join(dir, 'node_modules', '@mmm', 'preset-recommended'))
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ presets: ['@mmm/preset-recommended'], sandbox: { callTimeoutMs: 5000 } }))
  try {
    const config = await loadConfig({ cwd: dir, env: {}, userConfigDir: false })
    expect(config.plugins.map((p) => p.specifier)).toEqual(['@mmm/plugin-analyzer', '@mmm/plugin-loop'])
    expect(config.config.sandbox).toMatchObject({ memoryLimitMb: 128, callTimeoutMs: 5000 })
    expect(config.sources['sandbox.memoryLimitMb']).toMatch(/preset/)
    await expect(createKernel({ cwd: dir, userConfigDir: false, config })).rejects.toMatchObject({ code: 'MMM_GRANT_REQUIRED', plugin: 'analyzer' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
