// The tools one kernel generation serves over MCP: exposed by `mcp.tools`, approved (ToolApprovals), named
// `<plugin>_<tool>`, each with the MCP definition clients see in tools/list.
import type { Kernel, RegisteredTool } from '@mmm/kernel'
import type { Tool } from '@modelcontextprotocol/server'
import { RUN_HANDLE_SCHEMA, RUN_TOOL, runToolDefinition } from './runTool.ts'
import { createToolFilter } from './toolFilter.ts'
import { mcpToolName } from './toolNames.ts'
import type { ToolApprovals } from './ToolApprovals.ts'

export interface CatalogEntry {
  name: string
  tool: RegisteredTool
  def: Tool
  /** The tool's output is wrapped as { result } because MCP structured content must be an object. */
  wrapOutput: boolean
}

export interface ToolCatalog {
  entries: Map<string, CatalogEntry>
  /** Exposed tools withheld because they changed since approval, by MCP name. */
  changed: Map<string, RegisteredTool>
  list: Tool[]
}

export interface CatalogOptions {
  approvals: ToolApprovals
  /** Long calls become runs: output schemas then also admit a run handle, and `mmm_run` is served. */
  longCalls: boolean
}

export function buildCatalog(kernel: Kernel, o: CatalogOptions): ToolCatalog {
  const filter = createToolFilter(kernel.config.config.mcp.tools)
  const exposed = kernel.registry.listTools().filter((t) => filter(t.id)).sort((a, b) => a.id.localeCompare(b.id))
  const { served, changed } = o.approvals.check(exposed)
  const entries = new Map<string, CatalogEntry>()
  for (const tool of served) {
    const name = mcpToolName(tool.id)
    if (name === RUN_TOOL && o.longCalls) continue
    const wrapOutput = tool.output !== undefined && tool.output.type !== 'object'
    entries.set(name, { name, tool, def: toolDefinition(name, tool, wrapOutput, o.longCalls), wrapOutput })
  }
  const list = [...entries.values()].map((e) => e.def)
  if (o.longCalls) list.push(runToolDefinition())
  return { entries, changed: new Map(changed.map((t) => [mcpToolName(t.id), t])), list }
}

function toolDefinition(name: string, t: RegisteredTool, wrapOutput: boolean, longCalls: boolean): Tool {
  let outputSchema: Record<string, unknown> | undefined
  if (t.output) {
    outputSchema = wrapOutput ? { type: 'object', properties: { result: t.output }, required: ['result'] } : t.output
    // A call past mcp.longCallMs answers with a run handle instead: the advertised schema admits both.
    if (longCalls) outputSchema = { type: 'object', anyOf: [outputSchema, RUN_HANDLE_SCHEMA] }
  }
  return {
    name,
    ...(t.annotations?.title ? { title: t.annotations.title } : {}),
    description: t.description,
    inputSchema: t.inputSchema as Tool['inputSchema'],
    ...(outputSchema ? { outputSchema: outputSchema as Tool['outputSchema'] } : {}),
    ...(t.annotations ? { annotations: t.annotations } : {}),
  }
}
