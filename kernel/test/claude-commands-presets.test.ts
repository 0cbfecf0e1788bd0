// Command templates from presets and the config (`prompts`), between the built-ins and the project's files.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadCommands } from '../src/claude/commands/loadCommands.ts'
import { loadConfig } from '../src/config/loadConfig.ts'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('command templates from presets', () => {
  it('a preset ships templates in prompts; the project file of the same name wins; bad ones are clear errors', async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-commands-')))
    writeFileSync(join(dir, 'preset.mjs'), `export default {
  name: 'team',
  prompts: {
    'release-notes': '---\\ndescription: Release notes from the log\\narguments:\\n  - name: since\\n    default: v1.0\\n---\\nWrite release notes since {{since}}.',
    review: '---\\ndescription: The team review\\n---\\nReview it the team way.',
  },
}`)
    writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ presets: ['./preset.mjs'] }))
    const config = await loadConfig({ cwd: dir, userConfigDir: false })
    let commands = loadCommands(dir, config.config.prompts)
    expect(commands.get('release-notes')).toMatchObject({ source: 'config', description: 'Release notes from the log', arguments: [{ name: 'since', default: 'v1.0' }] })
    expect(commands.get('review')).toMatchObject({ source: 'config', description: 'The team review' })
    expect(commands.get('debug')?.source).toBe('builtin')
    mkdirSync(join(dir, '.mmm/commands'), { recursive: true })
    writeFileSync(join(dir, '.mmm/commands/review.md'), '---\ndescription: Ours\n---\nReview it our way.\n')
    commands = loadCommands(dir, config.config.prompts)
    expect(commands.get('review')).toMatchObject({ source: 'project', description: 'Ours' })
    expect(() => loadCommands(dir, { Bad_Name: 'x' })).toThrow(/command template config prompts\.Bad_Name: the name must be lower-case/)
    expect(() => loadCommands(dir, { empty: '---\ndescription: d\n---\n' })).toThrow(/template body .* is empty/)
  })
})
