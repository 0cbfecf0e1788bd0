// `mmm mcp`: serve every registered tool to MCP clients over stdio (default) or Streamable HTTP.
// The MCP server package is loaded only here, so `mmm --help` never pays for it.
import { resolve } from 'node:path'
import { createKernel } from '../../createKernel.ts'
import { errors } from '../../errors.ts'
import type { GlobalOptions } from '../output.ts'

export interface McpServeOptions {
  http?: boolean
  port?: string
  host?: string
  token?: string
  longCallMs?: string
}

export async function mcpServeCommand(o: GlobalOptions & McpServeOptions, version: string): Promise<number> {
  const { McpService, serveStdio, guardStdout } = await import('@mmm/mcp-server')
  // In stdio mode stdout is the protocol from the first byte: plugins loaded in-process print at setup.
  if (!o.http) guardStdout()
  const longCallMs = o.longCallMs === undefined ? undefined : Number(o.longCallMs)
  if (longCallMs !== undefined && !(Number.isInteger(longCallMs) && longCallMs >= 0)) throw errors.usage(`--long-call-ms must be a whole number of milliseconds, not "${o.longCallMs}"`)
  const service = new McpService({
    name: 'mmm',
    version,
    ...(longCallMs !== undefined ? { longCallMs } : {}),
    openKernel: ({ ui, onLog }) => createKernel({
      cwd: resolve(o.cwd ?? process.cwd()),
      ...(o.config ? { configFile: resolve(o.config) } : {}),
      ...(o.yes ? { yes: true } : {}),
      ui,
      onLog: (e) => { if (e.level !== 'debug' || o.verbose) onLog(e) },
      // A plugin that is new or changed since it was granted (an mmm upgrade changes every first-party bundle)
      // is not served until granted; the others are. The server watches the lockfile: the grant needs no restart.
      onUngranted: (e) => onLog({ plugin: e.plugin ?? 'kernel', level: 'warn', message: `not served: ${e.message} [${e.code}]; once granted (mmm plugin grant ${e.plugin ?? '<name>'}), this server serves it without a restart` }),
    }),
  })
  // stdio answers initialize while the plugins load (requests that need them wait); a broken config still
  // ends the server at once, with the error on stderr and exit code 2.
  const stdio = o.http ? undefined : serveStdio(service)
  try {
    await service.kernel()
  } catch (e) {
    await stdio?.close().catch(() => {})
    await service.close().catch(() => {})
    throw e
  }
  process.on('SIGHUP', () => void service.host.reload())
  let done!: () => void
  const finished = new Promise<void>((r) => { done = r })
  const stop = () => void service.close().finally(done)
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  if (o.http) {
    const { startHttpServer } = await import('@mmm/mcp-server/http')
    const port = o.port === undefined ? undefined : Number(o.port)
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw errors.usage(`--port must be a port number (0-65535), not "${o.port}"`)
    const server = await startHttpServer(service, { port, host: o.host, token: o.token ?? process.env.MMM_MCP_TOKEN }).catch(async (e: unknown) => {
      await service.close().catch(() => {})
      throw e
    })
    process.stderr.write(`mmm mcp: serving MCP on ${server.url}${server.tokenRequired ? ' (bearer token required)' : ''}\n`)
    await finished
    await server.close()
    return 0
  }
  const handle = stdio!
  await Promise.race([handle.closed, finished])
  await handle.close()
  await service.close()
  return 0
}
