// `mmm_run`: the status, result or cancellation of a call that outlived `mcp.longCallMs` (see RunStore).
import type { Tool } from '@modelcontextprotocol/server'

export const RUN_TOOL = 'mmm_run'
export const RUN_URI_PREFIX = 'mmm://runs/'
export const RUN_URI_TEMPLATE = 'mmm://runs/{runId}'

/** What a long call answers with: a run to poll. Kept small: it is part of every output schema. */
export const RUN_HANDLE_SCHEMA = {
  type: 'object',
  properties: { runId: { type: 'string' }, status: { const: 'running' } },
  required: ['runId', 'status'],
}

export interface RunToolInput {
  runId: string
  waitMs?: number
  cancel?: boolean
}

export function runToolDefinition(): Tool {
  return {
    name: RUN_TOOL,
    title: 'Long-running call',
    description: 'Status and result of an mmm tool call that is still running (it answered with a runId). Waits up to waitMs for the end; cancel stops it.',
    inputSchema: {
      type: 'object',
      properties: {
        runId: { type: 'string', minLength: 1, maxLength: 100 },
        waitMs: { type: 'integer', minimum: 0, maximum: 50_000, description: 'wait this long for the run to end (default 0)' },
        cancel: { type: 'boolean', description: 'stop the run' },
      },
      required: ['runId'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: false },
  }
}

export function parseRunInput(args: unknown): RunToolInput | string {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return 'arguments must be an object { runId, waitMs?, cancel? }'
  const a = args as Record<string, unknown>
  for (const k of Object.keys(a)) if (k !== 'runId' && k !== 'waitMs' && k !== 'cancel') return `unknown argument "${k}"`
  if (typeof a.runId !== 'string' || a.runId.length === 0 || a.runId.length > 100) return 'runId must be the string a long call answered with'
  if (a.waitMs !== undefined && !(Number.isInteger(a.waitMs) && (a.waitMs as number) >= 0 && (a.waitMs as number) <= 50_000)) return 'waitMs must be an integer from 0 to 50000'
  if (a.cancel !== undefined && typeof a.cancel !== 'boolean') return 'cancel must be true or false'
  return { runId: a.runId, ...(a.waitMs !== undefined ? { waitMs: a.waitMs as number } : {}), ...(a.cancel !== undefined ? { cancel: a.cancel as boolean } : {}) }
}
