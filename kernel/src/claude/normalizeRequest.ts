// Checks a plugin's request (untrusted JSON) and turns it into the Messages API body: model from the
// task, max_tokens from the config, `prompt` into a user message, tools in a stable order.
import type { ClaudeConfig } from '../config/types.ts'
import { MmmError } from '../errors.ts'
import { compileSchema, type SchemaValidator } from '../registry/compileSchema.ts'
import { sortTools } from './applyPromptCaching.ts'
import type { ClaudeMessageRequest, ProviderRequest } from './types.ts'

const text = { type: 'string' }
const block = { type: 'object', required: ['type'], properties: { type: { type: 'string', minLength: 1 } } }
const REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    task: { type: 'string', pattern: '^[a-zA-Z0-9_.-]{1,64}$' },
    model: { type: 'string', minLength: 1, maxLength: 200 },
    system: { anyOf: [text, { type: 'array', maxItems: 64, items: { type: 'object', required: ['type', 'text'], properties: { type: { const: 'text' }, text } } }] },
    messages: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role', 'content'],
        properties: { role: { enum: ['user', 'assistant'] }, content: { anyOf: [text, { type: 'array', items: block }] } },
      },
    },
    prompt: text,
    tools: {
      type: 'array',
      maxItems: 128,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'input_schema'],
        properties: { name: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' }, description: text, input_schema: { type: 'object' } },
      },
    },
    tool_choice: { type: 'object' },
    max_tokens: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
    stop_sequences: { type: 'array', maxItems: 16, items: text },
    schema: { type: 'object' },
    cache: { type: 'boolean' },
    stream: { type: 'boolean' },
    run: { type: 'string', pattern: '^[a-zA-Z0-9_.:-]{1,128}$' },
    session: { type: 'string', pattern: '^[a-zA-Z0-9_.:-]{1,128}$' },
    cwd: { type: 'string', minLength: 1 },
    permissionMode: { enum: ['default', 'acceptEdits', 'bypassPermissions', 'plan'] },
    provider: { enum: ['api', 'claude-code'] },
  },
}

let validateRequest: SchemaValidator | undefined

export function checkRequest(raw: unknown, plugin: string): ClaudeMessageRequest {
  validateRequest ??= compileSchema(REQUEST_SCHEMA, 'kernel', 'claude request')
  const problems = validateRequest(raw)
  if (problems) throw new MmmError('MMM_INVALID_INPUT', `plugin "${plugin}" called claude.message with an invalid request: ${problems}`, { plugin })
  const req = raw as ClaudeMessageRequest
  if (!req.messages?.length && req.prompt === undefined) {
    throw new MmmError('MMM_INVALID_INPUT', `plugin "${plugin}" called claude.message without "messages" or "prompt"; give one`, { plugin })
  }
  return req
}

/** The model for a request: its own, else its task's, else the small model for housekeeping, else the default. */
export function modelFor(req: Pick<ClaudeMessageRequest, 'model' | 'task'>, config: ClaudeConfig): string {
  const model = req.model ?? (req.task ? config.tasks?.[req.task] : undefined) ?? (req.task === 'summarize' ? config.smallModel : undefined) ?? config.model
  if (!model) throw new MmmError('MMM_NOT_CONFIGURED', 'no Claude model is configured; set claude.model in mmm.config.ts')
  return model
}

export function toProviderRequest(req: ClaudeMessageRequest, config: ClaudeConfig): ProviderRequest {
  const messages = [...(req.messages ?? [])]
  if (req.prompt !== undefined) messages.push({ role: 'user', content: req.prompt })
  const out: ProviderRequest = { model: modelFor(req, config), max_tokens: req.max_tokens ?? config.maxTokens ?? 8192, messages }
  if (req.system !== undefined) out.system = req.system
  if (req.tools?.length) out.tools = sortTools(req.tools)
  if (req.tool_choice) out.tool_choice = req.tool_choice
  if (req.temperature !== undefined) out.temperature = req.temperature
  if (req.stop_sequences?.length) out.stop_sequences = req.stop_sequences
  return out
}

/** A local, deliberately generous token estimate (3 characters a token) for when countTokens is offline. */
export function estimateTokens(req: Pick<ProviderRequest, 'system' | 'messages' | 'tools'>): number {
  return Math.ceil(JSON.stringify([req.system ?? '', req.messages, req.tools ?? []]).length / 3)
}
