// What every MCP session of one `mmm mcp` process shares: the kernel (reloaded when plugins change), the
// tool catalog, approvals, long-running calls and plugin questions. Each session gets its own Server
// instance from createServer(); nothing a session receives was meant for another one.
import { randomBytes } from 'node:crypto'
import type { Kernel, KernelLogEntry, UiAdapter } from '@mmm/kernel'
import { createRequestStateCodec, type LoggingLevel, type Server, type ServerContext } from '@modelcontextprotocol/server'
import { KernelHost, type ListChanges } from './KernelHost.ts'
import { McpUi } from './McpUi.ts'
import { RunStore } from './RunStore.ts'
import { ToolApprovals } from './ToolApprovals.ts'
import { buildCatalog, type ToolCatalog } from './ToolCatalog.ts'
import { ToolCaller } from './ToolCaller.ts'

export interface OpenKernelOptions {
  ui: UiAdapter
  onLog: (entry: KernelLogEntry) => void
}

export interface McpServiceOptions {
  /** Starts a kernel with the given ui and log sink (called again on every reload). */
  openKernel: (o: OpenKernelOptions) => Promise<Kernel>
  /** Calls still running after this long become background runs (default: config mcp.longCallMs, else 20 s; 0 disables). */
  longCallMs?: number
  /** Where plugin logs and server problems are written (default stderr; never stdout). */
  log?: (line: string) => void
  /** Reload when the config, lockfile or local plugins change (default true). */
  watch?: boolean
  name?: string
  version?: string
}

export interface SessionInfo {
  /** Connection-level key: the HTTP session id, or "stdio". */
  key: string
  era: 'legacy' | 'modern'
}

export const DEFAULT_LONG_CALL_MS = 20_000

export class McpService {
  readonly host: KernelHost
  readonly ui = new McpUi()
  readonly runs = new RunStore()
  readonly caller: ToolCaller
  readonly name: string
  readonly version: string
  private configLongCallMs: number | undefined
  private readonly optLongCallMs: number | undefined
  private readonly log: (line: string) => void
  private readonly sessions = new Map<Server, SessionInfo>()
  private readonly changeListeners = new Set<(c: ListChanges) => void>()
  private readonly codec = createRequestStateCodec<{ id: string }>({ key: randomBytes(32), bind: (ctx) => ctx.sessionId ?? '' })
  private approvals: ToolApprovals | undefined
  private cached: { generation: number; catalog: ToolCatalog; checkedAt: number } | undefined

  constructor(o: McpServiceOptions) {
    this.name = o.name ?? 'mmm'
    this.version = o.version ?? '0.0.0'
    this.optLongCallMs = o.longCallMs
    this.log = o.log ?? ((l) => void process.stderr.write(`${l}\n`))
    this.host = new KernelHost({
      open: () => o.openKernel({ ui: this.ui, onLog: (e) => this.onPluginLog(e) }),
      onError: (e) => this.log(`mmm mcp: reloading the plugins failed, the previous ones keep serving: ${e instanceof Error ? e.message : String(e)}`),
    })
    this.host.onChange((changes) => this.broadcastChanges(changes))
    this.caller = new ToolCaller({ ui: this.ui, runs: this.runs, longCallMs: () => this.longCallMs, mint: (id, ctx) => this.codec.mint({ id }, ctx) })
    if (o.watch !== false) void this.host.watch().catch(() => {})
  }

  /** Calls running longer answer with a run id: the option, else the config's mcp.longCallMs, else 20 s. */
  get longCallMs(): number {
    return this.optLongCallMs ?? this.configLongCallMs ?? DEFAULT_LONG_CALL_MS
  }

  async kernel(): Promise<Kernel> {
    const k = await this.host.kernel()
    this.configLongCallMs = k.config.config.mcp.longCallMs
    return k
  }

  async catalog(): Promise<ToolCatalog> {
    const k = await this.kernel()
    const gen = this.host.generation
    this.approvals ??= new ToolApprovals(k.root)
    // Rebuilt when the approvals file changed (mmm mcp approve in another terminal): checked at most
    // every 500 ms, so a stream of calls costs no stat each.
    const now = Date.now()
    if (this.cached && this.cached.generation === gen) {
      if (now - this.cached.checkedAt < 500) return this.cached.catalog
      this.cached.checkedAt = now
      if (!this.approvals.changedOnDisk()) return this.cached.catalog
    }
    const catalog = buildCatalog(k, { approvals: this.approvals, longCalls: this.longCallMs > 0 })
    for (const [name, t] of catalog.changed) this.log(`mmm mcp: tool ${t.id} (${name}) changed since it was approved and is not served; review it, then run: mmm mcp approve ${t.id}`)
    this.cached = { generation: gen, catalog, checkedAt: now }
    return catalog
  }

  verifyRequestState(state: string, ctx: ServerContext): Promise<{ id: string }> {
    return this.codec.verify(state, ctx)
  }

  /** A session's server instance: it gets list-changed notifications and plugin logs until it closes. */
  addSession(server: Server, info: SessionInfo): void {
    this.sessions.set(server, info)
    const prev = server.onclose
    server.onclose = () => {
      this.sessions.delete(server)
      prev?.()
    }
  }

  /** Sessionless transports (modern HTTP) hear about list changes through their own bus. */
  onListChanged(fn: (c: ListChanges) => void): () => void {
    this.changeListeners.add(fn)
    return () => this.changeListeners.delete(fn)
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((s) => s.close().catch(() => {})))
    await this.host.close()
  }

  private broadcastChanges(c: ListChanges): void {
    for (const server of this.sessions.keys()) {
      if (c.tools) void server.sendToolListChanged().catch(() => {})
      if (c.resources) void server.sendResourceListChanged().catch(() => {})
      if (c.prompts) void server.sendPromptListChanged().catch(() => {})
    }
    for (const fn of this.changeListeners) fn(c)
  }

  /**
   * Plugin logs always go to stderr (stdout is the protocol in stdio mode) and, as MCP log messages, to the
   * session whose call is running in that plugin — or to the only session. Never to other sessions.
   */
  private onPluginLog(e: KernelLogEntry): void {
    this.log(`[${e.plugin}] ${e.level}: ${e.message}`)
    const targets = this.sessions.size === 1 ? [...this.sessions] : [...this.sessions].filter(([, info]) => this.ui.hasCallFrom(info.key, e.plugin))
    const level: LoggingLevel = e.level === 'warn' ? 'warning' : e.level
    for (const [server, info] of targets) {
      if (info.era !== 'legacy') continue
      void server.sendLoggingMessage({ level, logger: e.plugin, data: e.data === undefined ? e.message : { message: e.message, data: e.data } }).catch(() => {})
    }
  }
}
