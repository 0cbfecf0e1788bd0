// Registers `mmm mcp` and its subcommands on the CLI. Only option parsing lives here: each action loads
// its implementation (and the MCP SDK) when it runs.
import type { Command } from 'commander'
import type { GlobalOptions } from '../output.ts'

export interface McpCommandDeps {
  globals: (cmd: Command) => GlobalOptions
  version: string
  setCode: (code: number) => void
}

export function registerMcpCommands(program: Command, d: McpCommandDeps): void {
  const mcp = program.command('mcp').description('serve every mmm tool to MCP clients (Claude Desktop, Claude Code, Cursor): stdio by default, --http for Streamable HTTP')
    .option('--http', 'serve Streamable HTTP instead of stdio')
    .option('--port <n>', 'HTTP port (default 3333; 0 picks a free one)')
    .option('--host <address>', 'HTTP address to bind (default 127.0.0.1; anything else needs --token)')
    .option('--token <secret>', 'require "Authorization: Bearer <secret>" on HTTP (or set MMM_MCP_TOKEN)')
    .option('--long-call-ms <ms>', 'calls running longer answer with a run id (default: config mcp.longCallMs, 20000; 0: never)')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const { mcpServeCommand } = await import('./mcp.ts')
      d.setCode(await mcpServeCommand({ ...d.globals(cmd), ...opts }, d.version))
    })
  mcp.command('tools').description('list the tools mmm mcp exposes (config mcp.tools) and whether they are approved')
    .option('--size', 'estimate how many tokens the tool list costs a client\'s model in every request').option('--json', 'JSON output')
    .action(async (opts: { size?: boolean }, cmd: Command) => {
      const { mcpToolsCommand } = await import('./mcpTools.ts')
      d.setCode(await mcpToolsCommand({ ...d.globals(cmd), ...opts }))
    })
  mcp.command('approve [tools...]').description('approve tools whose description or schemas changed, so mmm mcp serves them again')
    .option('--all', 'approve every exposed tool').option('--json', 'JSON output')
    .action(async (ids: string[], opts: { all?: boolean }, cmd: Command) => {
      const { mcpApproveCommand } = await import('./mcpTools.ts')
      d.setCode(await mcpApproveCommand(ids, { ...d.globals(cmd), ...opts }))
    })
  mcp.command('install <client>').description('add mmm to an MCP client\'s config: claude-desktop, claude-code or cursor (merged, with a backup)')
    .option('--dry-run', 'print what would be written, write nothing').option('--name <name>', 'server name in the client (default mmm)').option('--json', 'JSON output')
    .action(async (client: string, opts: { dryRun?: boolean; name?: string }, cmd: Command) => {
      const { mcpInstallCommand } = await import('./mcpInstall.ts')
      d.setCode(await mcpInstallCommand(client, { ...d.globals(cmd), ...opts }))
    })
  mcp.command('doctor').description('check that the MCP server starts and answers tools/list, and that installed clients point at it')
    .option('--json', 'JSON output')
    .action(async (_opts: unknown, cmd: Command) => {
      const { mcpDoctorCommand } = await import('./mcpDoctor.ts')
      d.setCode(await mcpDoctorCommand(d.globals(cmd)))
    })
}
