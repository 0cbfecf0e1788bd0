// Which registry tools `mmm mcp` exposes: the config's `mcp.tools` (tool ids or globs, default ['*']).
// Fewer tools means a smaller tool list in every request the client makes to its model.
import picomatch from 'picomatch'

export type ToolFilter = (toolId: string) => boolean

export function createToolFilter(patterns: readonly string[] | undefined): ToolFilter {
  const list = patterns && patterns.length > 0 ? [...patterns] : ['*']
  // "*" alone means every tool; "." is not a path separator for picomatch, so "analyzer.*" works as written.
  if (list.includes('*') || list.includes('**')) return () => true
  return picomatch(list, { dot: true })
}
