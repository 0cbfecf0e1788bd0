// `mmm mcp install` and `mmm mcp doctor` against a temp HOME and project: real files, the real CLI, and
// the doctor starting the configured server with the real client.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientConfigPath } from '../src/clientConfig.ts'
import { cli, makeProject, type Project } from './mcpFixture.ts'

let project: Project
beforeAll(() => { project = makeProject() })
afterAll(() => project.close())

const mmm = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--no-node-snapshot', cli, '-C', project.dir, ...args], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: project.dir, NO_COLOR: '1', ...env } })

describe('client config paths', () => {
  it('follow each client\'s documented location per OS', () => {
    const c = { home: '/h', env: {}, root: '/p' }
    expect(clientConfigPath('claude-desktop', { ...c, platform: 'darwin' })).toBe('/h/Library/Application Support/Claude/claude_desktop_config.json')
    expect(clientConfigPath('claude-desktop', { ...c, platform: 'win32', env: { APPDATA: '/h/AppData/Roaming' } })).toContain(join('Roaming', 'Claude', 'claude_desktop_config.json'))
    expect(clientConfigPath('claude-desktop', { ...c, platform: 'linux' })).toBe('/h/.config/Claude/claude_desktop_config.json')
    expect(clientConfigPath('claude-code', { ...c, platform: 'linux' })).toBe('/p/.mcp.json')
    expect(clientConfigPath('cursor', { ...c, platform: 'darwin' })).toBe('/p/.cursor/mcp.json')
  })
})

describe('mmm mcp install', () => {
  it('merges into an existing Claude Desktop config, keeps a backup, and prints what it wrote', () => {
    const file = join(project.dir, '.config', 'Claude', 'claude_desktop_config.json')
    mkdirSync(join(project.dir, '.config', 'Claude'), { recursive: true })
    const before = { theme: 'dark', mcpServers: { other: { command: 'other-server', args: [] } } }
    writeFileSync(file, JSON.stringify(before))
    const dry = mmm(['mcp', 'install', 'claude-desktop', '--dry-run'])
    expect(dry.status).toBe(0)
    expect(dry.stdout).toContain('Would write')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(before)

    const r = mmm(['mcp', 'install', 'claude-desktop'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain(file)
    const after = JSON.parse(readFileSync(file, 'utf8'))
    expect(after.theme).toBe('dark')
    expect(after.mcpServers.other).toEqual(before.mcpServers.other)
    expect(after.mcpServers.mmm).toMatchObject({ command: process.execPath, args: expect.arrayContaining(['-C', project.dir, 'mcp']) })
    const backups = readdirSync(join(project.dir, '.config', 'Claude')).filter((f) => f.includes('.bak-'))
    expect(backups).toHaveLength(1)
    expect(JSON.parse(readFileSync(join(project.dir, '.config', 'Claude', backups[0]!), 'utf8'))).toEqual(before)
    // Again: nothing to change, nothing written, no second backup.
    expect(mmm(['mcp', 'install', 'claude-desktop']).stdout).toContain('Already up to date')
    expect(readdirSync(join(project.dir, '.config', 'Claude')).filter((f) => f.includes('.bak-'))).toHaveLength(1)
  })

  it('writes the project files of Claude Code and Cursor', () => {
    expect(mmm(['mcp', 'install', 'claude-code']).status).toBe(0)
    expect(JSON.parse(readFileSync(join(project.dir, '.mcp.json'), 'utf8')).mcpServers.mmm.type).toBe('stdio')
    const json = JSON.parse(mmm(['mcp', 'install', 'cursor', '--json']).stdout)
    expect(json).toMatchObject({ client: 'cursor', path: join(project.dir, '.cursor', 'mcp.json'), dryRun: false })
    expect(existsSync(json.path)).toBe(true)
  })

  it('refuses a damaged config file without touching it, and unknown clients', () => {
    const file = join(project.dir, '.cursor', 'mcp.json')
    writeFileSync(file, '{ "mcpServers": ')
    const r = mmm(['mcp', 'install', 'cursor'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('MMM_MCP_CLIENT_CONFIG')
    expect(readFileSync(file, 'utf8')).toBe('{ "mcpServers": ')
    const bad = mmm(['mcp', 'install', 'notepad'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('claude-desktop, claude-code, cursor')
  })
})

describe('mmm mcp doctor', () => {
  it('starts the server as each installed client would and checks tools/list', () => {
    writeFileSync(join(project.dir, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { mmm: { command: join(project.dir, 'no-such-node'), args: [] } } }))
    const r = mmm(['mcp', 'doctor'])
    expect(r.stdout).toMatch(/✓ server: mmm mcp starts and lists \d+ tools/)
    expect(r.stdout).toMatch(/✓ claude-code: its entry in .*\.mcp\.json starts mmm and lists \d+ tools/)
    expect(r.stdout).toMatch(/✗ cursor: .*failed/)
    expect(r.stdout).toContain('fix: run mmm mcp install cursor again')
    expect(r.status).toBe(1)
    // Reinstalling points cursor at this mmm again, and the doctor is satisfied.
    expect(mmm(['mcp', 'install', 'cursor']).status).toBe(0)
    const again = mmm(['mcp', 'doctor', '--json'])
    expect(JSON.parse(again.stdout).ok).toBe(true)
    expect(again.status).toBe(0)
  }, 120_000)
})
