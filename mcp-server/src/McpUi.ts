// ctx.ui for plugins called over MCP: a question a plugin asks during a tools/call becomes an elicitation
// of the client that made that call (an `input_required` result the client answers and retries with; the
// SDK turns it into an elicitation/create request for 2025-era clients). A question nobody can answer
// fails at once with a coded error instead of hanging.
import { MmmError, type UiAdapter } from '@mmm/kernel'

export type QuestionKind = 'confirm' | 'select' | 'input'

export interface Question {
  kind: QuestionKind
  message: string
  choices?: Array<{ value: string; label?: string; hint?: string }>
  default?: boolean | string
  resolve: (answer: boolean | string) => void
  reject: (e: MmmError) => void
}

/** One tools/call in flight that a question may be routed to. */
export class CallInteraction {
  readonly plugin: string
  readonly session: string | undefined
  readonly canElicit: boolean
  /** No longer answering questions (it became a background run, or it ended). */
  detached = false
  private readonly queue: Question[] = []
  private waiter: ((q: Question) => void) | undefined

  constructor(plugin: string, session: string | undefined, canElicit: boolean) {
    this.plugin = plugin
    this.session = session
    this.canElicit = canElicit
  }

  ask(q: Question): void {
    if (this.waiter) {
      const w = this.waiter
      this.waiter = undefined
      w(q)
    } else this.queue.push(q)
  }

  /** The next question the plugin asks during this call. */
  next(): Promise<Question> {
    const q = this.queue.shift()
    if (q) return Promise.resolve(q)
    return new Promise((resolve) => { this.waiter = resolve })
  }

  detach(why: string): void {
    this.detached = true
    this.waiter = undefined
    for (const q of this.queue.splice(0)) q.reject(new MmmError('MMM_UI_UNAVAILABLE', why))
  }
}

export class McpUi implements UiAdapter {
  // Grant prompts are never asked over MCP: stdin is the protocol. Missing grants fail with MMM_GRANT_REQUIRED.
  readonly interactive = false
  private readonly calls = new Set<CallInteraction>()

  begin(plugin: string, session: string | undefined, canElicit: boolean): CallInteraction {
    const c = new CallInteraction(plugin, session, canElicit)
    this.calls.add(c)
    return c
  }

  end(c: CallInteraction, why = 'the call ended'): void {
    this.calls.delete(c)
    c.detach(why)
  }

  /** Whether a call of this session is running in this plugin (for routing the plugin's log lines). */
  hasCallFrom(session: string, plugin: string): boolean {
    for (const c of this.calls) if (c.session === session && c.plugin === plugin) return true
    return false
  }

  forPlugin(plugin: string): UiAdapter {
    const ask = (kind: QuestionKind, message: string, extra: Partial<Question>) =>
      new Promise<boolean | string>((resolve, reject) => this.route(plugin, { kind, message, ...extra, resolve, reject }))
    return {
      interactive: false,
      confirm: async (message, o) => Boolean(await ask('confirm', message, o?.default !== undefined ? { default: o.default } : {})),
      select: async (message, choices) => String(await ask('select', message, { choices })),
      input: async (message, o) => String(await ask('input', message, o?.default !== undefined ? { default: o.default } : {})),
    }
  }

  confirm(message: string): Promise<boolean> {
    return Promise.reject(unanswerable(message))
  }

  select(message: string): Promise<string> {
    return Promise.reject(unanswerable(message))
  }

  input(message: string): Promise<string> {
    return Promise.reject(unanswerable(message))
  }

  /** The call of this plugin that is waiting on it; questions never cross sessions, so ambiguity fails. */
  private route(plugin: string, q: Question): void {
    const live = [...this.calls].filter((c) => !c.detached)
    let candidates = live.filter((c) => c.plugin === plugin)
    // A plugin called by another plugin's tool: the MCP call in flight is the other plugin's.
    if (candidates.length === 0) candidates = live
    const sessions = new Set(candidates.map((c) => c.session))
    if (candidates.length === 0) return q.reject(unanswerable(q.message))
    if (sessions.size > 1) {
      return q.reject(new MmmError('MMM_UI_UNAVAILABLE', `plugin "${plugin}" asked "${short(q.message)}" while calls from several MCP sessions were running, so it is unclear whom to ask; retry when the other calls have finished`))
    }
    const target = candidates[candidates.length - 1]!
    if (!target.canElicit) {
      return q.reject(new MmmError('MMM_MCP_ELICITATION_UNSUPPORTED', `plugin "${plugin}" asked "${short(q.message)}" but this MCP client does not support elicitation (it declared no "elicitation" capability); use a client that does, or pass the answer in the tool's input or the config`))
    }
    target.ask(q)
  }
}

/** The elicitation form for a question: one field, `answer`. */
export function elicitationSchema(q: Question): { type: 'object'; properties: Record<string, Record<string, unknown>>; required: string[] } {
  let answer: Record<string, unknown>
  if (q.kind === 'confirm') answer = { type: 'boolean', title: 'Answer', ...(typeof q.default === 'boolean' ? { default: q.default } : {}) }
  else if (q.kind === 'select') answer = { type: 'string', title: 'Answer', oneOf: (q.choices ?? []).map((c) => ({ const: c.value, title: c.label ?? c.value })) }
  else answer = { type: 'string', title: 'Answer', ...(typeof q.default === 'string' ? { default: q.default } : {}) }
  return { type: 'object', properties: { answer }, required: ['answer'] }
}

/** Checks an elicitation answer against the question (client input is untrusted). */
export function answerOf(q: Question, content: Record<string, unknown> | undefined): boolean | string | MmmError {
  const a = content?.answer
  if (q.kind === 'confirm' && typeof a === 'boolean') return a
  if (q.kind === 'input' && typeof a === 'string') return a
  if (q.kind === 'select' && typeof a === 'string' && (q.choices ?? []).some((c) => c.value === a)) return a
  return new MmmError('MMM_INVALID_INPUT', `the answer to "${short(q.message)}" is not ${q.kind === 'confirm' ? 'true or false' : q.kind === 'select' ? 'one of the choices' : 'a string'}`)
}

function unanswerable(message: string): MmmError {
  return new MmmError('MMM_UI_UNAVAILABLE', `a plugin asked "${short(message)}" outside of an MCP tool call, where nobody can answer; pass the answer another way (tool input, config)`)
}

function short(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s
}
