// `mmm mcp` over stdio with real clients: the v2 client on the 2026-07-28 revision and on the 2025
// handshake, and the v1 SDK client. Real sandboxed plugins (hello, and the probe written for these tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '@modelcontextprotocol/client'
import { connectV1, connectV2, makeProject, textOf, type Project } from './mcpFixture.ts'

let project: Project
beforeAll(() => { project = makeProject() })
afterAll(() => project.close())

describe.each(['modern', 'legacy'] as const)('v2 client, %s era', (era) => {
  let client: Client
  beforeAll(async () => { client = (await connectV2(project.dir, era)).client }, 30_000)
  afterAll(async () => { await client?.close() })

  it('negotiates the revision', () => {
    expect(client.getNegotiatedProtocolVersion()).toBe(era === 'modern' ? '2026-07-28' : '2025-11-25')
  })

  it('lists every tool as <plugin>_<tool> with schemas and annotations', async () => {
    const { tools } = await client.listTools()
    const names = tools.map((t) => t.name)
    expect(names).toEqual(expect.arrayContaining(['hello_greet', 'probe_add', 'probe_echo', 'probe_slow', 'mmm_run']))
    const add = tools.find((t) => t.name === 'probe_add')!
    expect(add.inputSchema.required).toEqual(['a', 'b'])
    expect(add.annotations).toEqual({ readOnlyHint: true, idempotentHint: true })
    expect(JSON.stringify(add.outputSchema)).toContain('"sum"')
    expect(tools.find((t) => t.name === 'hello_greet')!.title).toBe('Greet')
  })

  it('calls a tool: structured content where an output schema is declared, JSON text always', async () => {
    const r = await client.callTool({ name: 'probe_add', arguments: { a: 2, b: 3 } })
    expect(r.isError).toBeFalsy()
    expect(r.structuredContent).toEqual({ sum: 5 })
    expect(JSON.parse(textOf(r))).toEqual({ sum: 5 })
    // A non-object output is wrapped as { result }, because structured content is an object.
    expect((await client.callTool({ name: 'probe_count', arguments: {} })).structuredContent).toEqual({ result: 42 })
  })

  it('reports failures as isError results carrying the coded error', async () => {
    const failed = await client.callTool({ name: 'probe_fail', arguments: {} })
    expect(failed.isError).toBe(true)
    expect(textOf(failed)).toMatch(/failed on purpose.*\[MMM_PROBE_FAILED\]/)
    const bad = await client.callTool({ name: 'probe_add', arguments: { a: 'two', b: 3 } })
    expect(bad.isError).toBe(true)
    expect(textOf(bad)).toContain('MMM_INVALID_INPUT')
    expect(bad._meta?.['mmm/error']).toMatchObject({ code: 'MMM_INVALID_INPUT', tool: 'probe.add' })
  })

  it('answers an unknown tool with a JSON-RPC invalid-params error', async () => {
    await expect(client.callTool({ name: 'probe_nope', arguments: {} })).rejects.toThrow(/Unknown tool: probe_nope/)
  })

  it('sends progress notifications while a tool runs', async () => {
    const seen: Array<{ progress: number; total?: number; message?: string }> = []
    const r = await client.callTool({ name: 'probe_slow', arguments: { ms: 200, steps: 3 } }, { onprogress: (p) => seen.push(p) })
    expect(r.isError).toBeFalsy()
    expect(seen.map((p) => p.progress)).toEqual([0, 1, 2])
    expect(seen[0]).toMatchObject({ total: 3, message: 'step 0' })
  })

  it('serves resources, the run template, prompts and argument completion', async () => {
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(expect.arrayContaining(['mmm://hello/greetings', 'mmm://probe/info']))
    const read = await client.readResource({ uri: 'mmm://probe/info' })
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual({ probe: true })
    await expect(client.readResource({ uri: 'mmm://probe/missing' })).rejects.toThrow(/not found/)
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(['mmm://runs/{runId}'])
    const prompts = await client.listPrompts()
    expect(prompts.prompts.find((p) => p.name === 'probe_review')?.arguments).toEqual([{ name: 'language', required: true }])
    const got = await client.getPrompt({ name: 'probe_review', arguments: { language: 'rust' } })
    expect(got.messages[0]).toEqual({ role: 'user', content: { type: 'text', text: 'Review this rust code.' } })
    await expect(client.getPrompt({ name: 'probe_review', arguments: {} })).rejects.toThrow(/needs the argument "language"/)
    const done = await client.complete({ ref: { type: 'ref/prompt', name: 'probe_review' }, argument: { name: 'language', value: 'ty' } })
    expect(done.completion.values).toEqual(['typescript'])
    // Command templates (mmm run) are prompts too.
    expect(prompts.prompts.find((p) => p.name === 'command_debug')).toMatchObject({ description: expect.any(String), arguments: expect.arrayContaining([expect.objectContaining({ name: 'problem' })]) })
    const debug = await client.getPrompt({ name: 'command_debug', arguments: { problem: 'npm test fails on Windows' } })
    expect((debug.messages[0]?.content as { text: string }).text).toContain('npm test fails on Windows')
    await expect(client.getPrompt({ name: 'command_debug', arguments: {} })).rejects.toThrow(/needs --problem/)
    await expect(client.getPrompt({ name: 'command_nope', arguments: {} })).rejects.toThrow(/Unknown prompt/)
  })

  it('keeps answering after a plugin crashes mid-call', async () => {
    const crashed = await client.callTool({ name: 'probe_crash', arguments: {} })
    expect(crashed.isError).toBe(true)
    expect(textOf(crashed)).toMatch(/MMM_PLUGIN_(OOM|CRASHED)/)
    expect((await client.callTool({ name: 'probe_add', arguments: { a: 1, b: 1 } })).structuredContent).toEqual({ sum: 2 })
  }, 60_000)
})

describe('v1 SDK client (2025 handshake)', () => {
  let v1: Awaited<ReturnType<typeof connectV1>>
  beforeAll(async () => { v1 = await connectV1(project.dir) }, 30_000)
  afterAll(async () => { await v1?.client.close() })

  it('lists and calls tools, reads resources, gets prompts, pings', async () => {
    const { client } = v1
    expect(client.getServerVersion()?.name).toBe('mmm')
    const { tools } = await client.listTools()
    expect(tools.map((t) => t.name)).toContain('hello_greet')
    const r = await client.callTool({ name: 'hello_greet', arguments: { name: 'Ada' } })
    expect(r.structuredContent).toMatchObject({ message: 'Hello, Ada.' })
    expect((await client.callTool({ name: 'probe_fail', arguments: {} })).isError).toBe(true)
    expect((await client.readResource({ uri: 'mmm://probe/info' })).contents).toHaveLength(1)
    expect((await client.getPrompt({ name: 'hello_welcome', arguments: { name: 'Bo' } })).messages).toHaveLength(1)
    expect(await client.ping()).toEqual({})
  })

  it('honours logging/setLevel: plugin logs arrive as MCP log messages at or above the level', async () => {
    const { client } = v1
    const { LoggingMessageNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js')
    const logs: unknown[] = []
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params))
    await client.setLoggingLevel('error')
    await client.callTool({ name: 'probe_noisy', arguments: {} })
    await new Promise((r) => setTimeout(r, 200))
    expect(logs).toEqual([])
    await client.setLoggingLevel('debug')
    const r = await client.callTool({ name: 'probe_noisy', arguments: {} })
    expect(textOf(r)).toBe('quiet answer')
    await new Promise((r) => setTimeout(r, 200))
    expect(logs).toEqual(expect.arrayContaining([expect.objectContaining({ level: 'info', logger: 'probe', data: 'NOISE-FROM-CTX-LOG' })]))
    // The plugin's console.log went to stderr (and MCP logging), never to the protocol on stdout.
    expect(v1.stderr()).toContain('NOISE-FROM-CONSOLE-LOG')
  })
})
