// Where each MCP client keeps its server list, and merging `mmm` into it (DESIGN §10: `mmm mcp install`).
// Claude Desktop's file is per user (documented per OS); Claude Code and Cursor read project files
// (`.mcp.json`, `.cursor/mcp.json`), which suits mmm: its tools work on one project.
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { MmmError } from '@mmm/kernel'

export const CLIENTS = ['claude-desktop', 'claude-code', 'cursor'] as const
export type ClientName = (typeof CLIENTS)[number]

export interface ServerEntry {
  type?: 'stdio'
  command: string
  args: string[]
  env?: Record<string, string>
}

export interface PathContext {
  home: string
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  /** The project root (project-scoped clients write there). */
  root: string
}

export function isClientName(s: string): s is ClientName {
  return (CLIENTS as readonly string[]).includes(s)
}

export function clientConfigPath(client: ClientName, c: PathContext): string {
  switch (client) {
    case 'claude-desktop':
      if (c.platform === 'darwin') return join(c.home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json')
      if (c.platform === 'win32') return join(c.env.APPDATA ?? join(c.home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json')
      return join(c.env.XDG_CONFIG_HOME ?? join(c.home, '.config'), 'Claude', 'claude_desktop_config.json')
    case 'claude-code':
      return join(c.root, '.mcp.json')
    case 'cursor':
      return join(c.root, '.cursor', 'mcp.json')
  }
}

export interface InstallPlan {
  path: string
  /** The file as it will be written. */
  next: Record<string, unknown>
  entry: ServerEntry
  /** Whether the file already holds exactly this entry. */
  unchanged: boolean
  existed: boolean
}

export function readClientConfig(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined
  const text = readFileSync(path, 'utf8')
  if (text.trim() === '') return {}
  try {
    const v = JSON.parse(text) as unknown
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('the top level is not an object')
    return v as Record<string, unknown>
  } catch (e) {
    throw new MmmError('MMM_MCP_CLIENT_CONFIG', `${path} is not a JSON object (${e instanceof Error ? e.message : String(e)}); fix it, or move it aside and run mmm mcp install again`)
  }
}

/** Plans the merge: every other key and server kept, ours set under `mcpServers[name]`. */
export function planInstall(path: string, name: string, entry: ServerEntry): InstallPlan {
  const current = readClientConfig(path)
  const servers = current?.mcpServers
  if (servers !== undefined && (typeof servers !== 'object' || servers === null || Array.isArray(servers))) {
    throw new MmmError('MMM_MCP_CLIENT_CONFIG', `${path} has "mcpServers" that is not an object; fix it, then run mmm mcp install again`)
  }
  const before = (servers as Record<string, unknown> | undefined)?.[name]
  const next = { ...current, mcpServers: { ...(servers as Record<string, unknown> | undefined), [name]: entry } }
  return { path, next, entry, unchanged: JSON.stringify(before) === JSON.stringify(entry), existed: current !== undefined }
}

/** Writes the plan atomically, first copying the old file to `<file>.bak-<time>`. Returns the backup path. */
export function applyInstall(plan: InstallPlan, now = new Date()): string | undefined {
  mkdirSync(dirname(plan.path), { recursive: true })
  let backup: string | undefined
  try {
    if (plan.existed) {
      backup = `${plan.path}.bak-${now.toISOString().replace(/[:.]/g, '-')}`
      copyFileSync(plan.path, backup)
    }
    const tmp = `${plan.path}.${process.pid}.tmp`
    const fd = openSync(tmp, 'w', 0o600)
    try {
      writeSync(fd, `${JSON.stringify(plan.next, null, 2)}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, plan.path)
  } catch (e) {
    throw new MmmError('MMM_MCP_CLIENT_CONFIG', `could not write ${plan.path}: ${e instanceof Error ? e.message : String(e)}${backup ? ` (the previous file is at ${backup})` : ''}`)
  }
  return backup
}

/** The mmm server entry a client config holds, if any. */
export function installedEntry(path: string, name: string): ServerEntry | undefined {
  const cfg = readClientConfig(path)
  const e = (cfg?.mcpServers as Record<string, unknown> | undefined)?.[name] as ServerEntry | undefined
  return e && typeof e.command === 'string' ? { ...e, args: Array.isArray(e.args) ? e.args.map(String) : [] } : undefined
}
