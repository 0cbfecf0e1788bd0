// The `claude-code` provider: drives the claude CLI (`claude -p --output-format stream-json`) for users
// on a Claude plan, in a working directory with a permission mode, and parses its stream into the same
// deltas, usage and result as the api provider. The prompt goes through stdin (no argv length limit).
import { spawn } from 'node:child_process'
import { MmmError, errors } from '../../errors.ts'
import { claudeErrors } from '../claudeErrors.ts'
import { flattenConversation } from '../flattenConversation.ts'
import { StreamAccumulator } from '../streamAccumulator.ts'
import type { ClaudeProvider, ContentBlock, ProviderCall, ProviderRequest, ProviderResult } from '../types.ts'
import { emptyUsage } from '../types.ts'

export interface ClaudeCodeOptions {
  /** The executable, already resolved on PATH. */
  command: string
  root: string
  env: NodeJS.ProcessEnv
  permissionMode: string
  args: string[]
  idleTimeoutMs: number
}

export function createClaudeCodeProvider(o: ClaudeCodeOptions): ClaudeProvider {
  return {
    name: 'claude-code',
    message: async (req, call) => runClaude(o, req, call),
    countTokens: async () => undefined,
    // The CLI takes these aliases for its current models (it cannot list them).
    models: async () => ['sonnet', 'opus', 'haiku'].map((id) => ({ id, displayName: `${id} (Claude Code alias)` })),
  }
}

function runClaude(o: ClaudeCodeOptions, req: ProviderRequest, call: ProviderCall): Promise<ProviderResult> {
  // An agent run in a directory (cwd) is what Claude Code does with its own tools: a plugin's tools that
  // would edit that directory through mmm are left out. Without a directory they cannot be honoured.
  if (req.tools?.length && !call.cwd) {
    throw new MmmError('MMM_INVALID_INPUT', 'the claude-code provider cannot call tools a plugin declares (Claude Code uses its own tools); set claude.provider to "api" for tool use, or give the request a cwd to let Claude Code work in that directory with its own tools')
  }
  const system = typeof req.system === 'string' ? req.system : req.system?.map((b) => b.text).join('\n\n')
  const args = [
    '-p', '--output-format', 'stream-json', '--verbose', '--include-partial-messages',
    '--model', req.model,
    '--permission-mode', call.permissionMode ?? o.permissionMode,
    ...(system ? ['--append-system-prompt', system] : []),
    ...o.args,
  ]
  return new Promise<ProviderResult>((resolve, reject) => {
    if (call.signal?.aborted) return reject(errors.cancelled('the Claude call'))
    const child = spawn(o.command, args, { cwd: call.cwd ?? o.root, env: o.env, stdio: ['pipe', 'pipe', 'pipe'] })
    const acc = new StreamAccumulator()
    let final: Record<string, unknown> | undefined
    let model = req.model
    const texts: string[] = []
    let partial = false
    let stderr = ''
    let buffer = ''
    let failure: MmmError | undefined
    let timer: NodeJS.Timeout | undefined
    const stop = (e: MmmError) => {
      failure ??= e
      child.kill('SIGTERM')
    }
    const arm = () => {
      clearTimeout(timer)
      timer = setTimeout(() => stop(claudeErrors.stalled(o.idleTimeoutMs)), o.idleTimeoutMs)
    }
    const onAbort = () => stop(errors.cancelled('the Claude call'))
    call.signal?.addEventListener('abort', onAbort, { once: true })
    arm()

    const onLine = (line: string) => {
      if (!line.trim()) return
      let ev: Record<string, unknown>
      try {
        ev = JSON.parse(line) as Record<string, unknown>
      } catch {
        return // the CLI may print a banner or warning; only JSON lines are events
      }
      if (ev.type === 'system' && typeof ev.model === 'string') model = ev.model
      if (ev.type === 'stream_event' && ev.event) {
        partial = true
        const d = acc.add(ev.event as Parameters<StreamAccumulator['add']>[0])
        if (d) call.onDelta?.(d)
      }
      if (ev.type === 'assistant') {
        const m = ev.message as { model?: string; content?: ContentBlock[] } | undefined
        if (m?.model) model = m.model
        for (const b of m?.content ?? []) {
          if (b.type !== 'text') continue
          const text = String((b as { text?: unknown }).text ?? '')
          texts.push(text)
          if (!partial) call.onDelta?.({ type: 'text', text })
        }
      }
      if (ev.type === 'result') final = ev
    }
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      arm()
      buffer += d
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        onLine(buffer.slice(0, nl))
        buffer = buffer.slice(nl + 1)
      }
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-4000) })
    child.on('error', (e) => stop(claudeErrors.cliFailed(`could not start "${o.command}": ${e.message}`)))
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      call.signal?.removeEventListener('abort', onAbort)
      if (buffer) onLine(buffer)
      if (failure) return reject(failure)
      if (!final) return reject(claudeErrors.cliFailed(`it ended (${signal ? `signal ${signal}` : `exit code ${code}`}) without a result${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`))
      if (final.is_error === true || (typeof final.subtype === 'string' && final.subtype !== 'success')) {
        return reject(claudeErrors.cliFailed(String(final.result ?? final.subtype ?? 'error')))
      }
      resolve(toResult(final, model, texts))
    })
    child.stdin.on('error', () => {})
    child.stdin.end(flattenConversation(req.messages))
  })
}

function toResult(final: Record<string, unknown>, model: string, texts: string[]): ProviderResult {
  const u = (final.usage ?? {}) as Record<string, number | undefined>
  const usage = emptyUsage()
  usage.inputTokens = u.input_tokens ?? 0
  usage.outputTokens = u.output_tokens ?? 0
  usage.cacheWriteTokens = u.cache_creation_input_tokens ?? 0
  usage.cacheReadTokens = u.cache_read_input_tokens ?? 0
  const text = typeof final.result === 'string' ? final.result : texts.join('')
  return {
    id: String(final.session_id ?? ''),
    model,
    content: [{ type: 'text', text }],
    stopReason: 'end_turn',
    usage,
    ...(typeof final.total_cost_usd === 'number' ? { costUsd: final.total_cost_usd } : {}),
  }
}
