// This repository's own mmm.config.ts (the README's `./mmm analyze` uses it) grants what every plugin it
// enables asks for: a plugin that asks for more after a change would stop the README command.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { createKernel, loadConfig } from '@mmm/kernel'

const repo = fileURLToPath(new URL('..', import.meta.url))

it('grants every plugin of the repository config what it asks for (no prompt needed)', async () => {
  const config = await loadConfig({ cwd: repo, env: {}, userConfigDir: false })
  // Run as a fresh project: the grant lockfile and state of a temp dir (the checkout's lockfile may hold
  // grants given by hand), the plugins still resolved from the repository (each entry keeps its own dir).
  const state = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-repo-config-')))
  try {
    const k = await createKernel({ cwd: state, userConfigDir: false, config: { ...config, root: state } })
    try {
      expect([...k.plugins.keys()].sort()).toEqual(['analyzer', 'hello', 'loop', 'spec', 'workflow'])
    } finally {
      await k.close()
    }
  } finally {
    rmSync(state, { recursive: true, force: true })
  }
})
