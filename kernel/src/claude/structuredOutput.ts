// Structured output: the answer must be one JSON document satisfying a JSON Schema (validated with the
// kernel's ajv). The instruction goes into the system prompt; a wrong answer gets one repair turn.
import { MmmError } from '../errors.ts'
import { compileSchema, type SchemaValidator } from '../registry/compileSchema.ts'
import type { Message, ProviderRequest } from './types.ts'

export function compileAnswerSchema(schema: Record<string, unknown>, plugin: string): SchemaValidator {
  try {
    return compileSchema(schema, plugin, 'structured answer')
  } catch (e) {
    throw new MmmError('MMM_INVALID_INPUT', `plugin "${plugin}" asked for a structured answer with an invalid JSON Schema: ${(e as Error).message}`, { plugin })
  }
}

export function withSchemaInstruction(req: ProviderRequest, schema: Record<string, unknown>): ProviderRequest {
  const instruction = `Answer with exactly one JSON document and nothing else (no prose, no code fences). It must satisfy this JSON Schema:\n${JSON.stringify(schema)}`
  const system = req.system === undefined ? [] : typeof req.system === 'string' ? [{ type: 'text' as const, text: req.system }] : req.system
  return { ...req, system: [...system, { type: 'text', text: instruction }] }
}

export type Parsed = { ok: true; value: unknown } | { ok: false; problems: string }

export function parseAnswer(text: string, validate: SchemaValidator): Parsed {
  const candidate = extractJson(text)
  let value: unknown
  try {
    value = JSON.parse(candidate)
  } catch (e) {
    return { ok: false, problems: `the answer is not JSON (${(e as Error).message})` }
  }
  const problems = validate(value)
  return problems ? { ok: false, problems } : { ok: true, value }
}

/** The repair turn: the wrong answer, then what was wrong with it. */
export function repairMessages(req: ProviderRequest, answer: string, problems: string): Message[] {
  return [
    ...req.messages,
    { role: 'assistant', content: answer || '(empty answer)' },
    { role: 'user', content: `That answer does not satisfy the JSON Schema: ${problems}. Reply again with only the corrected JSON document.` },
  ]
}

/** Tolerates a code fence or a sentence around the document. */
function extractJson(text: string): string {
  const t = text.trim()
  const fence = /^```(?:json)?\s*([\s\S]*?)\s*```$/.exec(t)
  if (fence) return fence[1]!
  if (t.startsWith('{') || t.startsWith('[')) return t
  const start = t.search(/[[{]/)
  const end = Math.max(t.lastIndexOf('}'), t.lastIndexOf(']'))
  return start >= 0 && end > start ? t.slice(start, end + 1) : t
}
