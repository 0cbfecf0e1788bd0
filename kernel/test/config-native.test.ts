// The production path, outside vitest's module runner: plain Node 24 loads the config sources and a .ts
// config (type stripping), its relative .ts imports, top-level await, presets, and reports errors by code.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { removeTempProjects, tempProject } from './fixtures/config/tempProject.ts'

afterAll(removeTempProjects)

const loadConfigModule = fileURLToPath(new URL('../src/config/loadConfig.ts', import.meta.url))

/** Runs loadConfig in a fresh `node` process and returns what it printed: the resolved config or the error. */
function loadInNode(cwd: string): { ok: true; value: Record<string, unknown> } | { ok: false; code: string; message: string } {
  const script = `
    import { loadConfig } from ${JSON.stringify(loadConfigModule)}
    try {
      const r = await loadConfig({ cwd: ${JSON.stringify(cwd)}, env: {}, userConfigDir: false })
      console.log(JSON.stringify({ ok: true, value: r }))
    } catch (e) {
      console.log(JSON.stringify({ ok: false, code: e.code, message: e.message }))
    }`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
  return JSON.parse(out)
}

test('Node runs the config sources and a .ts config natively', () => {
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24)
  const dir = tempProject({
    'config/models.ts': `export type Task = 'review' | 'implement'\nexport const tasks: Record<Task, string> = { review: 'opus', implement: 'sonnet' }\n`,
    'presets/team.ts': `interface P { name: string; plugins: string[] }\nconst p: P = { name: 'team', plugins: ['./team-plugin.ts'] }\nexport default p\n`,
    'mmm.config.ts': `import { tasks } from './config/models.ts'
      const budget = await Promise.resolve({ tokensPerRun: 1000 })
      export default async () => ({ presets: ['./presets/team.ts'], claude: { tasks, budget } })\n`,
  })
  const result = loadInNode(path.join(dir))
  expect(result).toMatchObject({
    ok: true,
    value: {
      filepath: path.join(dir, 'mmm.config.ts'),
      config: { claude: { tasks: { review: 'opus', implement: 'sonnet' }, budget: { tokensPerRun: 1000 } } },
      plugins: [{ specifier: './team-plugin.ts', baseDir: path.join(dir, 'presets'), source: 'preset:team' }],
    },
  })
})

test('errors keep their code and file outside vitest too', () => {
  const throws = tempProject({ 'mmm.config.ts': `const n: number = 1\nif (n) throw new Error('boom')\nexport default {}\n` })
  expect(loadInNode(throws)).toMatchObject({ ok: false, code: 'MMM_CONFIG_LOAD_FAILED', message: expect.stringContaining(path.join(throws, 'mmm.config.ts')) })
  const syntax = tempProject({ 'mmm.config.ts': `const a = 1\nexport default {\n  a: ,\n}\n` })
  expect(loadInNode(syntax)).toMatchObject({ ok: false, code: 'MMM_CONFIG_LOAD_FAILED', message: expect.stringContaining('(line 3)') })
  const notObject = tempProject({ 'mmm.config.ts': `export default [] as string[]\n` })
  expect(loadInNode(notObject)).toMatchObject({ ok: false, code: 'MMM_BAD_CONFIG' })
})
