// Runs one MCP tools/call into the kernel: progress notifications, cancellation reaching the plugin's
// call.signal, plugin questions turned into input_required rounds, and calls past `longCallMs` turned
// into background runs that answer at once with a run id.
import { randomUUID } from 'node:crypto'
import { MmmError } from '@mmm/kernel'
import { inputRequired, inputResponse, type CallToolResult, type InputRequiredResult, type ServerContext } from '@modelcontextprotocol/server'
import { answerOf, elicitationSchema, type CallInteraction, type McpUi, type Question } from './McpUi.ts'
import type { RunStore } from './RunStore.ts'
import { errorResult, successResult } from './toolResult.ts'
import type { CatalogEntry } from './ToolCatalog.ts'

interface PendingCall {
  id: string
  entry: CatalogEntry
  promise: Promise<unknown>
  controller: AbortController
  interaction: CallInteraction
  owner: string | undefined
  /** Where progress goes: the leg of the request being served now. */
  notify: ((progress: number, total?: number, message?: string) => void) | undefined
  runId?: string
  question?: Question
  expiry?: NodeJS.Timeout
}

export interface ToolCallerOptions {
  ui: McpUi
  runs: RunStore
  /** 0 disables background runs. */
  longCallMs: () => number
  /** Seals the id of a suspended call into the requestState the client echoes (HMAC, see createRequestStateCodec). */
  mint: (id: string, ctx: ServerContext) => Promise<string>
}

// How long a question waits for the client to come back with the answer.
const QUESTION_TTL_MS = 10 * 60_000

export class ToolCaller {
  private readonly o: ToolCallerOptions
  private readonly suspended = new Map<string, PendingCall>()

  constructor(o: ToolCallerOptions) {
    this.o = o
  }

  /** Starts the call and serves its first leg. */
  start(entry: CatalogEntry, run: (signal: AbortSignal, onProgress: (p: { progress: number; total?: number; message?: string }) => void) => Promise<unknown>, ctx: ServerContext, owner: string | undefined, canElicit: boolean): Promise<CallToolResult | InputRequiredResult> {
    const controller = new AbortController()
    const pending: PendingCall = {
      id: randomUUID(),
      entry,
      controller,
      owner,
      interaction: this.o.ui.begin(entry.tool.plugin, owner, canElicit),
      notify: undefined,
      promise: Promise.resolve(),
    }
    pending.promise = run(controller.signal, (p) => {
      if (pending.runId) this.o.runs.progress(pending.runId, p)
      else pending.notify?.(p.progress, p.total, p.message)
    })
    // Settled through drive(); a rejection while nobody is driving (a suspended call) must not go unhandled.
    pending.promise.catch(() => {})
    return this.drive(pending, ctx)
  }

  /** A retried request carrying the answer to a suspended call's question. */
  resume(id: string, ctx: ServerContext): Promise<CallToolResult | InputRequiredResult> | undefined {
    const pending = this.suspended.get(id)
    if (!pending) return undefined
    this.suspended.delete(id)
    clearTimeout(pending.expiry)
    const q = pending.question!
    pending.question = undefined
    const view = inputResponse(ctx.mcpReq.inputResponses, 'answer')
    if (view.kind !== 'elicit') q.reject(new MmmError('MMM_UI_UNAVAILABLE', 'the client came back without an answer to the question'))
    else if (view.action !== 'accept') q.reject(new MmmError('MMM_CANCELLED', `the user ${view.action === 'decline' ? 'declined' : 'cancelled'} the question "${q.message}"`))
    else {
      const a = answerOf(q, view.content)
      if (a instanceof MmmError) q.reject(a)
      else q.resolve(a)
    }
    return this.drive(pending, ctx)
  }

  private async drive(pending: PendingCall, ctx: ServerContext): Promise<CallToolResult | InputRequiredResult> {
    const token = ctx.mcpReq._meta?.progressToken
    pending.notify = token === undefined ? undefined : (progress, total, message) => {
      void ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) } }).catch(() => {})
    }
    // The client cancelling this request (or disconnecting) cancels the plugin's call.
    const onAbort = () => pending.controller.abort(new MmmError('MMM_CANCELLED', 'the MCP client cancelled the call'))
    if (ctx.mcpReq.signal.aborted) onAbort()
    ctx.mcpReq.signal.addEventListener('abort', onAbort, { once: true })
    let timer: NodeJS.Timeout | undefined
    const longCallMs = this.o.longCallMs()
    try {
      const outcome = await Promise.race([
        pending.promise.then((value) => ({ kind: 'done' as const, value }), (error: unknown) => ({ kind: 'failed' as const, error })),
        pending.interaction.next().then((q) => ({ kind: 'question' as const, q })),
        ...(longCallMs > 0 ? [new Promise<{ kind: 'long' }>((r) => { timer = setTimeout(() => r({ kind: 'long' }), longCallMs) })] : []),
      ])
      switch (outcome.kind) {
        case 'done':
          this.o.ui.end(pending.interaction)
          return successResult(pending.entry, outcome.value)
        case 'failed':
          this.o.ui.end(pending.interaction)
          return errorResult(outcome.error)
        case 'question':
          return await this.suspend(pending, outcome.q, ctx)
        case 'long':
          return this.toRun(pending)
      }
    } finally {
      clearTimeout(timer)
      ctx.mcpReq.signal.removeEventListener('abort', onAbort)
      pending.notify = undefined
    }
  }

  private async suspend(pending: PendingCall, q: Question, ctx: ServerContext): Promise<InputRequiredResult> {
    pending.question = q
    this.suspended.set(pending.id, pending)
    pending.expiry = setTimeout(() => {
      this.suspended.delete(pending.id)
      q.reject(new MmmError('MMM_CANCELLED', `nobody answered "${q.message}" within ${QUESTION_TTL_MS / 60_000} minutes`))
      pending.controller.abort()
      this.o.ui.end(pending.interaction)
    }, QUESTION_TTL_MS)
    pending.expiry.unref()
    return inputRequired({
      inputRequests: { answer: inputRequired.elicit({ message: q.message, requestedSchema: elicitationSchema(q) as never }) },
      requestState: await this.o.mint(pending.id, ctx),
    })
  }

  private toRun(pending: PendingCall): CallToolResult {
    this.o.ui.end(pending.interaction, 'the call went on in the background (a run), where questions cannot be asked')
    const run = this.o.runs.start(pending.entry.tool.id, pending.owner, pending.controller, pending.promise)
    pending.runId = run.runId
    const s = Math.round(this.o.longCallMs() / 100) / 10
    return {
      content: [{ type: 'text', text: `Still running after ${s} s; it goes on as run ${run.runId}. Call mmm_run with {"runId":"${run.runId}","waitMs":30000} for its status and result, or read mmm://runs/${run.runId}.` }],
      structuredContent: { runId: run.runId, status: 'running' },
    }
  }
}
