// The kernel's claude capability (DESIGN §8): one service per kernel around whichever provider is
// selected. Around every call: request check, model per task, conversation memory, structured output,
// prompt caching, the claudeRequest hook, the response cache, budgets (before sending), streaming
// deltas to the caller, and accounting (state + the claudeResponse hook).
import { randomBytes } from 'node:crypto'
import type { ClaudeConfig } from '../config/types.ts'
import { createRootResolver } from '../capabilities/resolveInside.ts'
import type { KernelHooks } from '../hooks.ts'
import type { StateStore } from '../state/openStateStore.ts'
import { applyPromptCaching } from './applyPromptCaching.ts'
import { buildContext, type BuiltContext, type ContextItem } from './buildContext.ts'
import { checkBudget, hasBudget } from './checkBudget.ts'
import { claudeErrors } from './claudeErrors.ts'
import { ConversationMemory } from './ConversationMemory.ts'
import { DeltaForwarder, type ProgressFn } from './DeltaForwarder.ts'
import { checkRequest, estimateTokens, toProviderRequest } from './normalizeRequest.ts'
import { costOf, priceOf } from './priceOf.ts'
import { ResponseCache } from './ResponseCache.ts'
import { selectProvider, type ProviderChoice, type SelectedProvider } from './selectProvider.ts'
import { compileAnswerSchema, parseAnswer, repairMessages, withSchemaInstruction } from './structuredOutput.ts'
import type { ClaudeMessageRequest, ClaudeResult, ModelInfo, ProviderCall, ProviderRequest, ProviderResult } from './types.ts'
import { emptyUsage } from './types.ts'
import { UsageLedger } from './UsageLedger.ts'
import { commandRequest } from './commandRequest.ts'

export interface ClaudeServiceOptions {
  config: ClaudeConfig
  env: NodeJS.ProcessEnv
  root: string
  state: StateStore
  hooks: KernelHooks
  userConfigDir?: string | false | undefined
  /** The run calls count against (default: MMM_RUN_ID, else one id for this kernel). */
  runId?: string
  /** Never answer from (or write to) the response cache: --no-cache. */
  noCache?: boolean
  /** The config's prompts (command templates from the config and presets). */
  prompts?: Record<string, string>
}

export interface ClaudeCallOptions {
  /** Who calls ("kernel" for the CLI's own calls). */
  plugin: string
  signal?: AbortSignal
  onProgress?: ProgressFn
  /** The plugin's grant: claude.maxTokensPerCall. */
  grantMaxTokensPerCall?: number
}

export interface ClaudeService {
  readonly runId: string
  readonly ledger: UsageLedger
  readonly memory: ConversationMemory
  /** The selected provider's name (selecting it, which fails with MMM_NOT_CONFIGURED when there is none). */
  providerName(): 'api' | 'claude-code'
  message(request: unknown, o: ClaudeCallOptions): Promise<ClaudeResult>
  countTokens(request: unknown, o: ClaudeCallOptions): Promise<{ input_tokens: number; estimated: boolean }>
  models(): Promise<ModelInfo[]>
  buildContext(items: ContextItem[], budgetTokens: number): BuiltContext
  /** A command template filled with `values`, as request fields (prompt, system, task, model, …). */
  command(name: string, values: Record<string, string>): Record<string, unknown>
}

export function createClaudeService(o: ClaudeServiceOptions): ClaudeService {
  // One provider per name: the config's choice, and whichever one a request names ({ provider }).
  const selected = new Map<ProviderChoice, SelectedProvider>()
  const pick = (requested?: 'api' | 'claude-code'): SelectedProvider => {
    const want = requested ?? o.config.provider ?? 'auto'
    let p = selected.get(want)
    if (!p) selected.set(want, (p = selectProvider({ config: o.config, env: o.env, root: o.root, userConfigDir: o.userConfigDir }, want, requested !== undefined)))
    return p
  }
  const ledger = new UsageLedger(o.state)
  const cache = new ResponseCache(o.state, o.config.cache?.ttlSeconds ?? 7 * 24 * 3600)
  const memory = new ConversationMemory(o.state, o.config.memory?.recentTurns ?? 6)
  const runId = o.runId ?? o.env.MMM_RUN_ID ?? `run-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomBytes(3).toString('hex')}`

  async function account(req: ClaudeMessageRequest, c: ClaudeCallOptions, providerName: string, r: ProviderResult, run: string, started: number, cached: boolean): Promise<number> {
    const costUsd = cached ? 0 : r.costUsd ?? costOf(r.usage, priceOf(r.model, o.config.prices))
    const durationMs = Math.round(performance.now() - started)
    const record = { at: new Date().toISOString(), plugin: c.plugin, ...(req.task ? { task: req.task } : {}), model: r.model, provider: providerName, run, ...(run !== runId ? { processRun: runId } : {}), usage: cached ? emptyUsage() : r.usage, costUsd, cached, durationMs }
    if (!cached) await ledger.record(record)
    await o.hooks.claudeResponse.promise({ ...record, stopReason: r.stopReason }).catch(() => {})
    void o.hooks.event.promise({ name: 'claude:response', payload: record, source: 'kernel', time: record.at }).catch(() => {})
    return costUsd
  }

  async function send(p: SelectedProvider, body: ProviderRequest, call: ProviderCall, fwd: DeltaForwarder | undefined): Promise<ProviderResult> {
    try {
      return await p.provider.message(body, call)
    } finally {
      fwd?.flush()
    }
  }

  async function message(raw: unknown, c: ClaudeCallOptions): Promise<ClaudeResult> {
    const started = performance.now()
    const req = checkRequest(raw, c.plugin)
    const p = pick(req.provider)
    const run = req.run ?? runId
    let body = toProviderRequest(req, o.config)
    const newTurn = body.messages
    if (req.session) body.messages = [...ConversationMemory.history(await memory.load(c.plugin, req.session)), ...body.messages]
    const validate = req.schema ? compileAnswerSchema(req.schema, c.plugin) : undefined
    if (req.schema) body = withSchemaInstruction(body, req.schema)
    if (o.config.promptCaching !== false && p.provider.name === 'api') body = applyPromptCaching(body)
    const hooked = await o.hooks.claudeRequest.promise({ plugin: c.plugin, task: req.task ?? null, provider: p.provider.name, request: body })
    body = pickRequest(hooked, body)

    const key = req.cache === true && o.config.cache?.enabled !== false && !o.noCache ? ResponseCache.keyOf(p.provider.name, body, req.schema) : undefined
    const hit = key ? await cache.get(key) : undefined
    if (hit) {
      await account(req, c, p.provider.name, hit, run, started, true)
      return finish(hit, p, run, 0, true, started, validate ? parseAnswer(textOf(hit), validate) : undefined)
    }

    body.max_tokens = await budgetFor(p, body, run, c)
    const fwd = req.stream !== false ? new DeltaForwarder({ plugin: c.plugin, hooks: o.hooks, onProgress: c.onProgress }) : undefined
    const call: ProviderCall = {
      ...(c.signal ? { signal: c.signal } : {}),
      ...(fwd ? { onDelta: fwd.onDelta } : {}),
      ...(req.cwd ? { cwd: await insideRoot(c.plugin, req.cwd) } : {}),
      ...(req.permissionMode ? { permissionMode: req.permissionMode } : {}),
    }
    let result = await send(p, body, call, fwd)
    let cost = await account(req, c, p.provider.name, result, run, started, false)
    let parsed = validate ? parseAnswer(textOf(result), validate) : undefined
    if (validate && parsed && !parsed.ok) {
      const repair = { ...body, messages: repairMessages(body, textOf(result), parsed.problems) }
      repair.max_tokens = await budgetFor(p, repair, run, c)
      result = await send(p, repair, call, fwd)
      cost += await account(req, c, p.provider.name, result, run, performance.now(), false)
      parsed = parseAnswer(textOf(result), validate)
      if (!parsed.ok) throw claudeErrors.invalidOutput(parsed.problems)
    }
    if (key) await cache.set(key, result)
    if (req.session) {
      await memory.append(c.plugin, req.session, newTurn, textOf(result), async (summary, transcript) => {
        const prompt = `${summary ? `The summary so far:\n${summary}\n\n` : ''}Add these exchanges to the summary. Keep decisions, facts, names and open questions; drop pleasantries. Reply with the summary only.\n\n${transcript}`
        return (await message({ task: 'summarize', prompt, stream: false, max_tokens: 1024, run }, { ...c, onProgress: undefined } as ClaudeCallOptions)).text
      })
    }
    return finish(result, p, run, cost, false, started, parsed)
  }

  async function budgetFor(p: SelectedProvider, body: ProviderRequest, run: string, c: ClaudeCallOptions): Promise<number> {
    if (!hasBudget(o.config.budget, c.grantMaxTokensPerCall)) return body.max_tokens
    const counted = await p.provider.countTokens(body).catch(() => undefined)
    const [runTotals, dayTotals] = await Promise.all([ledger.run(run), ledger.day()])
    return checkBudget({
      budget: o.config.budget,
      ...(c.grantMaxTokensPerCall !== undefined ? { grantMaxTokensPerCall: c.grantMaxTokensPerCall } : {}),
      runTotals,
      dayTotals,
      inputTokens: counted ?? estimateTokens(body),
      maxTokens: body.max_tokens,
      price: priceOf(body.model, o.config.prices),
    })
  }

  async function insideRoot(plugin: string, cwd: string): Promise<string> {
    return (await createRootResolver(plugin, o.root).resolve(cwd, 'run Claude Code in')).real
  }

  return {
    runId,
    ledger,
    memory,
    providerName: () => pick().provider.name,
    message,
    async countTokens(raw, c) {
      const req = checkRequest(raw, c.plugin)
      const body = toProviderRequest(req, o.config)
      const n = await pick(req.provider).provider.countTokens(body)
      return n === undefined ? { input_tokens: estimateTokens(body), estimated: true } : { input_tokens: n, estimated: false }
    },
    models: () => pick().provider.models(),
    buildContext: (items, budgetTokens) => buildContext(items, budgetTokens),
    command: (name, values) => commandRequest(o.root, o.prompts, name, values),
  }
}

function finish(r: ProviderResult, p: SelectedProvider, run: string, costUsd: number, cached: boolean, started: number, parsed: ReturnType<typeof parseAnswer> | undefined): ClaudeResult {
  const toolUses = r.content.filter((b) => b.type === 'tool_use').map((b) => { const t = b as { id?: unknown; name?: unknown; input?: unknown }; return { id: String(t.id), name: String(t.name), input: t.input } })
  return {
    ...r,
    usage: cached ? emptyUsage() : r.usage,
    provider: p.provider.name,
    text: textOf(r),
    toolUses,
    costUsd,
    cached,
    ...(parsed?.ok ? { output: parsed.value } : {}),
    durationMs: Math.round(performance.now() - started),
    run,
  }
}

function textOf(r: ProviderResult): string {
  return r.content.filter((b) => b.type === 'text').map((b) => String((b as { text?: unknown }).text ?? '')).join('')
}

/** What a claudeRequest tap returned, when it is still a request; else the request as it was. */
function pickRequest(hooked: unknown, body: ProviderRequest): ProviderRequest {
  const r = (hooked as { request?: unknown } | undefined)?.request as ProviderRequest | undefined
  return r && typeof r === 'object' && typeof r.model === 'string' && Array.isArray(r.messages) && typeof r.max_tokens === 'number' ? r : body
}
