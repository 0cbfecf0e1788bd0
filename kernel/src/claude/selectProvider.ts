// claude.provider: "api" (a key is needed), "claude-code" (the claude CLI on PATH), or "auto" — the API
// when a key is present, else the CLI when installed, else MMM_NOT_CONFIGURED saying how to set up either.
// A request may name its own provider ("api" | "claude-code"), which then wins over the config's.
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'
import type { ClaudeConfig } from '../config/types.ts'
import { findApiKey } from './apiKeyStore.ts'
import { claudeErrors } from './claudeErrors.ts'
import { createApiProvider } from './providers/createApiProvider.ts'
import { createClaudeCodeProvider } from './providers/createClaudeCodeProvider.ts'
import type { ClaudeProvider } from './types.ts'

export interface SelectProviderOptions {
  config: ClaudeConfig
  env: NodeJS.ProcessEnv
  root: string
  userConfigDir: string | false | undefined
}

export interface SelectedProvider {
  provider: ClaudeProvider
  /** The key, so the service can keep it out of everything it writes. */
  secret?: string
}

export type ProviderChoice = 'auto' | 'api' | 'claude-code'

/** Sets up the provider `want` names (default: claude.provider); `requested` says a request named it. */
export function selectProvider(o: SelectProviderOptions, want: ProviderChoice = o.config.provider ?? 'auto', requested = false): SelectedProvider {
  const who = requested ? 'the request\'s provider' : 'claude.provider'
  const idleTimeoutMs = o.config.idleTimeoutMs ?? 120_000
  const api = (): SelectedProvider | undefined => {
    const found = findApiKey(o.env, o.userConfigDir)
    if (!found) return undefined
    const baseURL = o.config.baseURL ?? o.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com'
    return { provider: createApiProvider({ apiKey: found.key, baseURL, maxRetries: o.config.maxRetries ?? 2, idleTimeoutMs }), secret: found.key }
  }
  const cli = (): SelectedProvider | undefined => {
    const cc = o.config.claudeCode ?? {}
    const command = which(cc.command ?? 'claude', o.env)
    if (!command) return undefined
    return { provider: createClaudeCodeProvider({ command, root: o.root, env: o.env, permissionMode: cc.permissionMode ?? 'default', args: cc.args ?? [], idleTimeoutMs }) }
  }
  if (want === 'api') return api() ?? fail(`${who} is "api" but no API key was found`)
  if (want === 'claude-code') return cli() ?? fail(`${who} is "claude-code" but "${o.config.claudeCode?.command ?? 'claude'}" is not on PATH`)
  return api() ?? cli() ?? fail('no ANTHROPIC_API_KEY and no claude CLI on PATH')
}

function fail(why: string): never {
  throw claudeErrors.notConfigured(why)
}

/** The executable's path: as given when it has a slash, else searched on env.PATH. */
export function which(command: string, env: NodeJS.ProcessEnv): string | undefined {
  const candidates = command.includes('/') ? [command] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, command))
  for (const c of candidates) {
    try {
      if (!statSync(c).isFile()) continue
      accessSync(c, constants.X_OK)
      return c
    } catch {
      // not here
    }
  }
  return undefined
}
