// Tool ids are `<plugin>.<tool>` (DESIGN §4); MCP tool names allow only [A-Za-z0-9_-]. Plugin names are
// [a-z][a-z0-9-]*, so the first "_" of an MCP name always separates the plugin from the tool.

export function mcpToolName(toolId: string): string {
  const dot = toolId.indexOf('.')
  return `${toolId.slice(0, dot)}_${toolId.slice(dot + 1)}`
}

export function toolIdFromMcpName(name: string): string | undefined {
  const us = name.indexOf('_')
  if (us <= 0 || us === name.length - 1) return undefined
  return `${name.slice(0, us)}.${name.slice(us + 1)}`
}
