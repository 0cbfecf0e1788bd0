// The `api` provider: the official SDK, always streaming. The SDK retries 408/409/429/5xx with backoff
// and honours retry-after; on top of it: a spend-limit 429 is never retried, a mid-stream overloaded
// error is retried only while nobody has seen any of the answer, a stalled stream is abandoned after
// idleTimeoutMs, and the call's signal cancels.
import { MmmError, errors } from '../../errors.ts'
import { claudeErrors, redactSecret } from '../claudeErrors.ts'
import { StreamAccumulator } from '../streamAccumulator.ts'
import type { ClaudeProvider, ModelInfo, ProviderCall, ProviderRequest, ProviderResult } from '../types.ts'

export interface ApiProviderOptions {
  apiKey: string
  baseURL: string
  maxRetries: number
  idleTimeoutMs: number
}

type Client = import('@anthropic-ai/sdk').Anthropic

export function createApiProvider(o: ApiProviderOptions): ClaudeProvider {
  let client: Promise<Client> | undefined
  const sdk = () => (client ??= import('@anthropic-ai/sdk').then(({ Anthropic }) => new Anthropic({
    apiKey: o.apiKey,
    baseURL: o.baseURL,
    maxRetries: o.maxRetries,
    // A stall before the first byte: the SDK's per-attempt timeout (retried like a 408).
    timeout: o.idleTimeoutMs,
    logLevel: 'off',
    fetch: noRetryOnSpendLimit,
  })))
  const fail = (e: unknown, afterOutput = false) => mapError(e, o.apiKey, afterOutput, o.idleTimeoutMs)

  return {
    name: 'api',
    async message(req, call) {
      const c = await sdk()
      for (let attempt = 0; ; attempt++) {
        try {
          return await streamOnce(c, req, call, o.idleTimeoutMs)
        } catch (e) {
          if (e instanceof MmmError) throw e
          const retryable = isOverloaded(e) && !(e as { afterOutput?: boolean }).afterOutput && attempt < o.maxRetries
          if (!retryable) throw fail(e, (e as { afterOutput?: boolean }).afterOutput)
          call.onDelta?.({ type: 'retry', attempt: attempt + 1, reason: 'overloaded' })
          await sleep(Math.min(500 * 2 ** attempt, 8_000), call.signal)
        }
      }
    },
    async countTokens(req) {
      const c = await sdk()
      try {
        const { max_tokens: _, ...rest } = req
        const r = await c.messages.countTokens(rest as Parameters<Client['messages']['countTokens']>[0])
        return r.input_tokens
      } catch (e) {
        const err = fail(e)
        // Offline or unreachable: the caller falls back to a local estimate.
        if (err.code === 'MMM_CLAUDE_UNREACHABLE' || err.code === 'MMM_CLAUDE_STALLED') return undefined
        throw err
      }
    },
    async models() {
      const c = await sdk()
      try {
        const out: ModelInfo[] = []
        for await (const m of c.models.list({ limit: 100 })) out.push({ id: m.id, displayName: m.display_name, createdAt: m.created_at })
        return out
      } catch (e) {
        throw fail(e)
      }
    },
  }
}

async function streamOnce(c: Client, req: ProviderRequest, call: ProviderCall, idleMs: number): Promise<ProviderResult> {
  const idle = new AbortController()
  const signal = call.signal ? AbortSignal.any([idle.signal, call.signal]) : idle.signal
  let timer: NodeJS.Timeout | undefined
  const arm = () => {
    clearTimeout(timer)
    timer = setTimeout(() => idle.abort(), idleMs)
  }
  const acc = new StreamAccumulator()
  let shown = false
  try {
    const stream = await c.messages.create({ ...(req as object), stream: true } as Parameters<Client['messages']['create']>[0] & { stream: true }, { signal })
    arm()
    for await (const ev of stream) {
      arm()
      const d = acc.add(ev as Parameters<StreamAccumulator['add']>[0])
      if (d && call.onDelta) {
        shown = true
        call.onDelta(d)
      }
    }
  } catch (e) {
    if (call.signal?.aborted) throw errors.cancelled('the Claude call')
    if (idle.signal.aborted) throw claudeErrors.stalled(idleMs)
    if (e && typeof e === 'object') (e as { afterOutput?: boolean }).afterOutput = shown
    throw e
  } finally {
    clearTimeout(timer)
  }
  // The SDK ends the iteration quietly when its signal aborts.
  if (call.signal?.aborted) throw errors.cancelled('the Claude call')
  if (idle.signal.aborted) throw claudeErrors.stalled(idleMs)
  if (!acc.done) throw claudeErrors.stalled(idleMs)
  return acc.result()
}

/** Spend limits come back as 429s the SDK would retry forever-ish: tell it not to (x-should-retry: false). */
async function noRetryOnSpendLimit(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init)
  if (res.status !== 429 && res.status !== 402) return res
  const text = await res.text()
  const headers = new Headers(res.headers)
  if (isSpendLimitBody(text)) headers.set('x-should-retry', 'false')
  return new Response(text, { status: res.status, statusText: res.statusText, headers })
}

function isSpendLimitBody(text: string): boolean {
  try {
    const b = JSON.parse(text) as { error?: { type?: string; details?: { error_code?: string }; message?: string } }
    return /spend_limit/.test(b.error?.details?.error_code ?? '') || b.error?.type === 'billing_error'
  } catch {
    return false
  }
}

function isOverloaded(e: unknown): boolean {
  const x = e as { status?: number; type?: string | null; error?: { error?: { type?: string } } }
  return x?.status === 529 || x?.type === 'overloaded_error' || x?.error?.error?.type === 'overloaded_error'
}

function mapError(e: unknown, key: string, afterOutput: boolean, idleMs: number): MmmError {
  if (e instanceof MmmError) return e
  const x = e as { name?: string; status?: number; type?: string | null; errorCode?: string | null; apiMessage?: string | null; message?: string }
  const message = redactSecret(x?.apiMessage ?? x?.message ?? String(e), key).slice(0, 500)
  const name = x?.name ?? ''
  if (name === 'APIUserAbortError') return errors.cancelled('the Claude call')
  if (name === 'APIConnectionTimeoutError') return claudeErrors.stalled(idleMs)
  if (name === 'APIConnectionError') return claudeErrors.unreachable(message)
  if (/spend_limit/.test(x?.errorCode ?? '') || x?.status === 402 || x?.type === 'billing_error') return claudeErrors.spendLimit(message)
  if (x?.status === 401 || x?.status === 403) return claudeErrors.auth(message)
  if (x?.status === 429) return claudeErrors.rateLimited(message)
  if (isOverloaded(e)) return claudeErrors.overloaded(message, afterOutput)
  return claudeErrors.api(x?.status, x?.type ?? null, message)
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(errors.cancelled('the Claude call'))
    const t = setTimeout(() => { signal?.removeEventListener('abort', on); resolve() }, ms)
    const on = () => { clearTimeout(t); reject(errors.cancelled('the Claude call')) }
    signal?.addEventListener('abort', on, { once: true })
  })
}
