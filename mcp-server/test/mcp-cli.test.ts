// `mmm mcp tools [--size]`, the `mcp.tools` filter as clients see it, and `mmm mcp` from the built CLI
// (kernel/dist, what the installed bin runs).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/client'
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio'
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
import { cli, connectV1, makeProject, PROBE_PLUGIN, repo, type Project } from './mcpFixture.ts'

let project: Project
beforeAll(() => { project = makeProject({ mcp: { tools: ['probe.add', 'probe.e*'] } }) })
afterAll(() => project.close())

const mmm = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--no-node-snapshot', cli, '-C', project.dir, ...args], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: project.dir, NO_COLOR: '1', ...env } })

describe('mcp.tools', () => {
  it('limits what clients see and can call', async () => {
    const { client } = await connectV1(project.dir)
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['mmm_run', 'probe_add', 'probe_echo'])
      await expect(client.callTool({ name: 'hello_greet', arguments: { name: 'x' } })).rejects.toThrow(/Unknown tool/)
    } finally {
      await client.close()
    }
  })

  it('MMM_MCP_TOOLS overrides it for one run', () => {
    const r = JSON.parse(mmm(['mcp', 'tools', '--json'], { MMM_MCP_TOOLS: 'hello.*' }).stdout)
    expect(r.served.map((t: { name: string }) => t.name)).toEqual(['hello_greet', 'mmm_run'])
  })
})

describe('mmm mcp tools', () => {
  it('lists served and hidden tools, and estimates the token size of the tool list', () => {
    const human = mmm(['mcp', 'tools', '--size'])
    expect(human.status, human.stderr).toBe(0)
    expect(human.stdout).toMatch(/probe_add\s+served\s+\d+/)
    expect(human.stdout).toMatch(/hello_greet\s+hidden by mcp\.tools/)
    expect(human.stdout).toMatch(/Tool list: about \d+ tokens in every request .*@anthropic-ai\/tokenizer/)
    const json = JSON.parse(mmm(['mcp', 'tools', '--size', '--json']).stdout)
    expect(json.size.method).toBe('anthropic-tokenizer')
    expect(json.size.tokens).toBeGreaterThan(50)
    expect(json.hidden).toContain('hello.greet')
    // More tools cost more tokens: exposing everything is larger than the filtered list.
    const all = JSON.parse(mmm(['mcp', 'tools', '--size', '--json'], { MMM_MCP_TOOLS: '*' }).stdout)
    expect(all.size.tokens).toBeGreaterThan(json.size.tokens)
  })
})

describe('a plugin without a grant', () => {
  it('is not served while the others are; doctor names it; granting it from a terminal serves it without a restart', async () => {
    const own = makeProject({}, { probe: PROBE_PLUGIN, needy: `export default { name: 'needy', setup(ctx) { ctx.tool('t', { description: 'd' }, () => 1) } }` })
    try {
      own.writeConfig({ plugins: ['./plugins/probe.js', { use: './plugins/needy.js', permissions: { exec: ['git'] } }] })
      const { client, stderr } = await connectV1(own.dir)
      let changed = 0
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed++ })
      try {
        const names = (await client.listTools()).tools.map((t) => t.name)
        expect(names).toContain('probe_add')
        expect(names).not.toContain('needy_t')
        expect(stderr()).toMatch(/\[needy\] warn: not served: plugin "needy" asks for run commands git .*\[MMM_GRANT_REQUIRED\]; once granted \(mmm plugin grant needy\)/)
        // The doctor's own server start sees the same, and says how to fix it.
        const doctor = spawnSync(process.execPath, ['--no-node-snapshot', cli, '-C', own.dir, 'mcp', 'doctor', '--json'], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: own.dir } })
        expect(doctor.status).toBe(1)
        const checks = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; ok: boolean; fix?: string }> }).checks
        expect(checks.find((c) => c.name === 'server')?.ok).toBe(true)
        expect(checks.find((c) => c.name === 'plugin needy')).toMatchObject({ ok: false, fix: expect.stringMatching(/^mmm plugin grant needy/) })
        // Granted in a terminal: the server sees the lockfile change and serves the plugin.
        const grant = spawnSync(process.execPath, ['--no-node-snapshot', cli, '-C', own.dir, 'plugin', 'grant', 'needy'], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: own.dir } })
        expect(grant.status, grant.stderr).toBe(0)
        const deadline = Date.now() + 15_000
        while (changed === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
        expect((await client.listTools()).tools.map((t) => t.name)).toContain('needy_t')
      } finally {
        await client.close()
      }
    } finally {
      own.close()
    }
  }, 60_000)
})

describe('the built CLI', () => {
  const built = join(repo, 'kernel/dist/mmm.js')
  it('serves MCP from kernel/dist (pnpm build makes it)', async () => {
    expect(existsSync(built), 'kernel/dist/mmm.js is missing: run pnpm build').toBe(true)
    const client = new Client({ name: 'built', version: '1' })
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(repo, 'kernel/bin/mmm.js'), '-C', project.dir, 'mcp'], env: { PATH: process.env.PATH ?? '', HOME: project.dir }, stderr: 'ignore' }))
    try {
      expect((await client.callTool({ name: 'probe_add', arguments: { a: 40, b: 2 } })).structuredContent).toEqual({ sum: 42 })
    } finally {
      await client.close()
    }
    const size = spawnSync(process.execPath, [built, '-C', project.dir, 'mcp', 'tools', '--size', '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: project.dir } })
    expect(JSON.parse(size.stdout).size.method).toBe('anthropic-tokenizer')
  })
})
