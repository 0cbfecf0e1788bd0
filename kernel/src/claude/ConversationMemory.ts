// Conversation memory per plugin and session, persisted in state: the most recent exchanges verbatim,
// older ones folded into a running summary written by a cheap model (task "summarize").
import type { StateStore } from '../state/openStateStore.ts'
import type { Message } from './types.ts'

export const MEMORY_NS = 'kernel:claude-memory'

export interface SessionMemory {
  summary: string
  /** Exchanges, oldest first: the user's messages of one call, then the answer. */
  exchanges: Array<{ user: Message[]; assistant: string }>
  updatedAt: string
}

export type Summarize = (previousSummary: string, transcript: string) => Promise<string>

export class ConversationMemory {
  private readonly state: StateStore
  private readonly recent: number

  constructor(state: StateStore, recentExchanges: number) {
    this.state = state
    this.recent = recentExchanges
  }

  async load(plugin: string, session: string): Promise<SessionMemory> {
    return (await this.state.get<SessionMemory>(MEMORY_NS, key(plugin, session))) ?? { summary: '', exchanges: [], updatedAt: new Date().toISOString() }
  }

  /** The messages that go before a new turn: the summary (as a first exchange), then the recent exchanges. */
  static history(m: SessionMemory): Message[] {
    const out: Message[] = []
    if (m.summary) {
      out.push({ role: 'user', content: `Summary of our conversation so far:\n${m.summary}` }, { role: 'assistant', content: 'Understood; I will keep it in mind.' })
    }
    for (const e of m.exchanges) out.push(...e.user, { role: 'assistant', content: e.assistant })
    return out
  }

  /** Adds an exchange; when more than `recent` are kept, the oldest are summarized away. */
  async append(plugin: string, session: string, user: Message[], assistant: string, summarize: Summarize): Promise<SessionMemory> {
    const m = await this.load(plugin, session)
    m.exchanges.push({ user, assistant })
    if (m.exchanges.length > this.recent) {
      const old = m.exchanges.splice(0, m.exchanges.length - this.recent)
      m.summary = await summarize(m.summary, transcript(old))
    }
    m.updatedAt = new Date().toISOString()
    await this.state.set(MEMORY_NS, key(plugin, session), m)
    return m
  }

  async clear(plugin: string, session: string): Promise<boolean> {
    return this.state.delete(MEMORY_NS, key(plugin, session))
  }
}

function key(plugin: string, session: string): string {
  return `${plugin}/${session}`
}

function transcript(exchanges: SessionMemory['exchanges']): string {
  const text = (m: Message) => (typeof m.content === 'string' ? m.content : m.content.map((b) => (b.type === 'text' ? String((b as { text?: unknown }).text) : `[${b.type}]`)).join(' '))
  return exchanges.map((e) => `${e.user.map((u) => `User: ${text(u)}`).join('\n')}\nAssistant: ${e.assistant}`).join('\n\n')
}
