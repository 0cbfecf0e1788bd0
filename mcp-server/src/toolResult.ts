// Tool results and failures as MCP CallToolResults (DESIGN §14: failures are results with isError, carrying
// the coded error, so the model can read what went wrong and what to do).
import { MmmError, type SerializedError } from '@mmm/kernel'
import type { CallToolResult } from '@modelcontextprotocol/server'
import type { CatalogEntry } from './ToolCatalog.ts'

export function successResult(entry: CatalogEntry | undefined, value: unknown): CallToolResult {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null)
  const content: CallToolResult['content'] = [{ type: 'text', text }]
  if (entry?.tool.output === undefined) return { content }
  // Declared output: structured content (validated against the schema by the dispatcher), plus its JSON as text for older clients.
  return { content, structuredContent: (entry.wrapOutput ? { result: value } : value) as Record<string, unknown> }
}

export function errorResult(e: unknown): CallToolResult {
  const err = toSerialized(e)
  return {
    isError: true,
    content: [{ type: 'text', text: `${err.message} [${err.code}]` }],
    // Tools with an output schema are not required to match it when isError is set; the error rides in _meta too.
    _meta: { 'mmm/error': err },
  }
}

export function toSerialized(e: unknown): SerializedError {
  if (e instanceof MmmError) return e.toJSON()
  return { code: 'MMM_INTERNAL', message: e instanceof Error ? e.message : String(e) }
}
