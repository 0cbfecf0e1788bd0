// `mmm mcp tools [--size]`, the `mcp.tools` filter as clients see it, and `mmm mcp` from the built CLI
// (kernel/dist, what the installed bin runs).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/client'
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio'
import { cli, connectV1, makeProject, repo, type Project } from './mcpFixture.ts'

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

describe('start-up errors', () => {
  it('a plugin without a grant stops mmm mcp at once with the coded error on stderr, nothing on stdout', () => {
    const own = makeProject({}, { needy: `export default { name: 'needy', setup(ctx) { ctx.tool('t', { description: 'd' }, () => 1) } }` })
    try {
      own.writeConfig({ plugins: [{ use: './plugins/needy.js', permissions: { exec: ['git'] } }] })
      const r = spawnSync(process.execPath, ['--no-node-snapshot', cli, '-C', own.dir, 'mcp'], { encoding: 'utf8', input: '', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: own.dir } })
      expect(r.status).toBe(2)
      expect(r.stderr).toContain('MMM_GRANT_REQUIRED')
      expect(r.stdout).toBe('')
    } finally {
      own.close()
    }
  })
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
