// `mmm mcp tools [--size]` and `mmm mcp approve`: what the MCP server exposes, what it costs a client's
// context window, and re-approving tools whose description changed.
import { MmmError } from '../../errors.ts'
import type { Kernel } from '../../createKernel.ts'
import { colors, line, printJson, table, type GlobalOptions } from '../output.ts'
import { withKernel } from '../withKernel.ts'

export async function mcpToolsCommand(o: GlobalOptions & { size?: boolean }): Promise<number> {
  const { ToolApprovals, buildCatalog, createToolFilter, mcpToolName, estimateTokens, DEFAULT_LONG_CALL_MS } = await import('@mmm/mcp-server')
  return withKernel(o, async (k: Kernel) => {
    const longCalls = (k.config.config.mcp.longCallMs ?? DEFAULT_LONG_CALL_MS) > 0
    const catalog = buildCatalog(k, { approvals: new ToolApprovals(k.root), longCalls })
    const filter = createToolFilter(k.config.config.mcp.tools)
    const hidden = k.registry.listTools().filter((t) => !filter(t.id))
    const estimate = o.size ? estimateTokens(catalog.list) : undefined
    if (o.json) {
      printJson({
        patterns: k.config.config.mcp.tools,
        served: catalog.list.map((t) => ({ name: t.name, ...(estimate ? { tokens: estimate.perTool.find((p) => p.name === t.name)?.tokens } : {}) })),
        changed: [...catalog.changed.values()].map((t) => ({ id: t.id, name: mcpToolName(t.id) })),
        hidden: hidden.map((t) => t.id),
        ...(estimate ? { size: { tokens: estimate.tokens, method: estimate.method } } : {}),
      })
      return 0
    }
    const rows = catalog.list.map((t) => [t.name, colors.green('served'), estimate ? String(estimate.perTool.find((p) => p.name === t.name)?.tokens ?? '') : ''])
    for (const t of catalog.changed.values()) rows.push([mcpToolName(t.id), colors.yellow(`changed: mmm mcp approve ${t.id}`), ''])
    for (const t of hidden) rows.push([mcpToolName(t.id), colors.dim('hidden by mcp.tools'), ''])
    line(table(rows.map((r) => (estimate ? r : r.slice(0, 2))), estimate ? ['MCP TOOL', 'STATUS', 'TOKENS'] : ['MCP TOOL', 'STATUS']))
    line(colors.dim(`\nmcp.tools: ${JSON.stringify(k.config.config.mcp.tools)}`))
    if (estimate) {
      const how = estimate.method === 'anthropic-tokenizer'
        ? "counted with @anthropic-ai/tokenizer over the tools/list JSON; an estimate (current Claude models tokenize a little differently, and clients add their own wrapping per tool)"
        : 'estimated as characters / 4 (the tokenizer package could not be loaded)'
      line(`\nTool list: about ${estimate.tokens} tokens in every request a client sends to its model (${catalog.list.length} tools; ${how}).`)
      line(colors.dim('Expose fewer with mcp.tools in mmm.config.ts, e.g. { mcp: { tools: [\'analyzer.*\'] } }.'))
    }
    return 0
  })
}

export async function mcpApproveCommand(ids: string[], o: GlobalOptions & { all?: boolean }): Promise<number> {
  const { ToolApprovals, createToolFilter } = await import('@mmm/mcp-server')
  return withKernel(o, async (k: Kernel) => {
    if (!o.all && ids.length === 0) throw new MmmError('MMM_USAGE', 'name the tools to approve (mmm mcp approve analyzer.analyze), or pass --all')
    const filter = createToolFilter(k.config.config.mcp.tools)
    const exposed = k.registry.listTools().filter((t) => filter(t.id))
    // MCP names (analyzer_analyze) are accepted too: that is what a client shows.
    const wanted = ids.map((id) => exposed.find((t) => t.id === id || t.id === id.replace('_', '.'))?.id ?? id)
    const unknown = wanted.filter((id) => !exposed.some((t) => t.id === id))
    if (unknown.length) throw new MmmError('MMM_TOOL_NOT_FOUND', `not exposed over MCP: ${unknown.join(', ')} (mmm mcp tools lists them)`)
    const tools = o.all ? exposed : exposed.filter((t) => wanted.includes(t.id))
    new ToolApprovals(k.root).approve(tools)
    if (o.json) printJson({ approved: tools.map((t) => t.id) })
    else line(`Approved ${tools.length} tool${tools.length === 1 ? '' : 's'}: ${tools.map((t) => t.id).join(', ')}. A running mmm mcp serves them from its next request.`)
    return 0
  })
}
