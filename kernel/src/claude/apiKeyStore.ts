// The API key: ANTHROPIC_API_KEY, else the user-global credentials file written by `mmm claude key set`
// (<XDG config>/mmm/credentials.json, mode 0600). The key lives in no config, log, state or error.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MmmError } from '../errors.ts'

/** <dir>/mmm/credentials.json; dir defaults to $XDG_CONFIG_HOME or ~/.config. */
export function credentialsFile(env: NodeJS.ProcessEnv, userConfigDir?: string): string {
  const base = userConfigDir ?? (env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config'))
  return path.join(base, 'mmm', 'credentials.json')
}

export interface FoundKey {
  key: string
  source: 'env:ANTHROPIC_API_KEY' | 'credentials file'
}

/** The key to use, or undefined. A credentials file readable by others is refused (it would leak the key). */
export function findApiKey(env: NodeJS.ProcessEnv, userConfigDir: string | false | undefined): FoundKey | undefined {
  const fromEnv = env.ANTHROPIC_API_KEY?.trim()
  if (fromEnv) return { key: fromEnv, source: 'env:ANTHROPIC_API_KEY' }
  if (userConfigDir === false) return undefined
  const file = credentialsFile(env, userConfigDir)
  if (!existsSync(file)) return undefined
  const mode = statSync(file).mode & 0o777
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new MmmError('MMM_NOT_CONFIGURED', `${file} is readable by other users (mode ${mode.toString(8)}), so mmm will not use the API key in it; run chmod 600 "${file}"`)
  }
  try {
    const key = (JSON.parse(readFileSync(file, 'utf8')) as { anthropicApiKey?: unknown }).anthropicApiKey
    return typeof key === 'string' && key.trim() ? { key: key.trim(), source: 'credentials file' } : undefined
  } catch {
    throw new MmmError('MMM_NOT_CONFIGURED', `${file} is not valid JSON; run mmm claude key set again`)
  }
}

/** Writes the key with mode 0600 (the directory 0700), atomically. Returns the file. */
export function saveApiKey(key: string, env: NodeJS.ProcessEnv, userConfigDir?: string): string {
  const trimmed = key.trim()
  if (!trimmed) throw new MmmError('MMM_INVALID_INPUT', 'the API key is empty; pipe it in: printf %s "$KEY" | mmm claude key set')
  const file = credentialsFile(env, userConfigDir)
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify({ anthropicApiKey: trimmed })}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
  return file
}
