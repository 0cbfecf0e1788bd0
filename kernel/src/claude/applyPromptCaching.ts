// Prompt caching: the stable prefix of a request — tool definitions (in a stable order), the system
// prompt (project context belongs there) — is marked with cache_control, so the second call with the
// same prefix reads it from the cache at a tenth of the price. At most 4 breakpoints are allowed; we use 2.
import type { ProviderRequest, ToolSpec } from './types.ts'

const EPHEMERAL = { type: 'ephemeral' } as const

export function applyPromptCaching(req: ProviderRequest): ProviderRequest {
  const out: ProviderRequest = { ...req }
  if (req.tools?.length) {
    const tools: ToolSpec[] = sortTools(req.tools).map((t) => ({ ...t }))
    tools[tools.length - 1] = { ...tools[tools.length - 1]!, cache_control: EPHEMERAL }
    out.tools = tools
  }
  if (req.system !== undefined && req.system !== '') {
    const blocks = typeof req.system === 'string' ? [{ type: 'text' as const, text: req.system }] : req.system.map((b) => ({ ...b }))
    if (blocks.length) blocks[blocks.length - 1] = { ...blocks[blocks.length - 1]!, cache_control: EPHEMERAL }
    out.system = blocks
  }
  return out
}

/** Tools by name: the same set of tools always makes the same prefix. */
export function sortTools(tools: ToolSpec[]): ToolSpec[] {
  return [...tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
