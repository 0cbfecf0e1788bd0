// One prompt text from a conversation, for a provider that takes a single prompt (the claude CLI).
import type { Message } from './types.ts'

export function flattenConversation(messages: Message[]): string {
  const text = (m: Message) =>
    typeof m.content === 'string'
      ? m.content
      : m.content.map((b) => (b.type === 'text' ? String((b as { text?: unknown }).text ?? '') : b.type === 'tool_result' ? `[tool result] ${JSON.stringify((b as { content?: unknown }).content ?? '')}` : '')).join('\n')
  if (messages.length === 1 && messages[0]!.role === 'user') return text(messages[0]!)
  return messages.map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${text(m)}`).join('\n\n')
}
