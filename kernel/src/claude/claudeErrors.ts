// Error factories of the claude capability: each says what happened and what to do. Messages never
// carry the API key (redactSecret is applied to anything that came from the network or a process).
import { MmmError, errors } from '../errors.ts'

export const claudeErrors = {
  notConfigured: (why: string) =>
    errors.notConfigured(
      'Claude',
      `${why}. Either set ANTHROPIC_API_KEY (or run \`mmm claude key set\`) to use the Anthropic API (claude.provider "api"), ` +
        'or install Claude Code and log in (`npm i -g @anthropic-ai/claude-code`, then `claude`) to use your Claude plan (claude.provider "claude-code")',
    ),
  budget: (what: string, used: number, limit: number, unit: string, key: string) =>
    new MmmError('MMM_CLAUDE_BUDGET_EXCEEDED', `the Claude call was not sent: it would exceed the ${what} budget (${fmt(used)} of ${fmt(limit)} ${unit}); raise ${key} in mmm.config.ts or wait`, { details: { budget: key, used, limit } }),
  spendLimit: (message: string) =>
    new MmmError('MMM_CLAUDE_SPEND_LIMIT', `the Anthropic API refused the call: your organization reached its spend limit (${message}); raise the limit in the Anthropic Console, then retry — mmm does not retry this`),
  rateLimited: (message: string) =>
    new MmmError('MMM_CLAUDE_RATE_LIMITED', `the Anthropic API is rate limiting this key (${message}) and the retries ran out; wait a minute or raise claude.maxRetries`),
  overloaded: (message: string, afterOutput: boolean) =>
    new MmmError('MMM_CLAUDE_OVERLOADED', afterOutput
      ? `the Anthropic API was overloaded mid-answer (${message}) after part of the answer was already shown, so it was not retried; run the call again`
      : `the Anthropic API is overloaded (${message}) and the retries ran out; try again in a few minutes`),
  stalled: (ms: number) =>
    new MmmError('MMM_CLAUDE_STALLED', `the answer from Claude stalled: nothing arrived for ${ms} ms, so the call was abandoned; retry, or raise claude.idleTimeoutMs for very slow answers`),
  auth: (message: string) =>
    new MmmError('MMM_CLAUDE_AUTH', `the Anthropic API rejected the API key (${message}); check ANTHROPIC_API_KEY or run \`mmm claude key set\``),
  unreachable: (message: string) =>
    new MmmError('MMM_CLAUDE_UNREACHABLE', `could not reach the Anthropic API (${message}); check the network, ANTHROPIC_BASE_URL or claude.baseURL`),
  api: (status: number | undefined, type: string | null, message: string) =>
    new MmmError('MMM_CLAUDE_API_ERROR', `the Anthropic API answered ${status ?? 'an error'}${type ? ` ${type}` : ''}: ${message}`, { details: { status, type } }),
  invalidOutput: (problems: string) =>
    new MmmError('MMM_CLAUDE_INVALID_OUTPUT', `Claude's answer does not match the requested JSON Schema, even after one repair attempt: ${problems}; simplify the schema or the prompt`),
  cliFailed: (message: string) =>
    new MmmError('MMM_CLAUDE_CLI_FAILED', `Claude Code (the claude CLI) failed: ${message}; run \`claude\` once by hand to check it is logged in`),
}

/** Replaces every occurrence of a secret (and the usual key shapes) with a placeholder. */
export function redactSecret(text: string, secret?: string): string {
  let out = secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text
  out = out.replace(/sk-ant-[A-Za-z0-9_-]{8,}/g, '[redacted]')
  return out
}

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(4)
}
