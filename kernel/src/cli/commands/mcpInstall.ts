// `mmm mcp install <client> [--dry-run]`: writes mmm into an MCP client's config (merged, old file backed
// up) and prints what it wrote. The entry runs this mmm with this Node, on this project.
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../config/loadConfig.ts'
import { MmmError } from '../../errors.ts'
import { colors, line, printJson, type GlobalOptions } from '../output.ts'

export async function mcpInstallCommand(client: string, o: GlobalOptions & { dryRun?: boolean; name?: string }): Promise<number> {
  const { CLIENTS, applyInstall, clientConfigPath, isClientName, planInstall } = await import('@mmm/mcp-server')
  if (!isClientName(client)) throw new MmmError('MMM_USAGE', `unknown client "${client}"; mmm mcp install knows ${CLIENTS.join(', ')}`)
  const entry = await serverEntry(o)
  const root = entry.args[entry.args.indexOf('-C') + 1]!
  const path = clientConfigPath(client, { home: homedir(), platform: process.platform, env: process.env, root })
  const plan = planInstall(path, o.name ?? 'mmm', entry)
  const backup = o.dryRun || plan.unchanged ? undefined : applyInstall(plan)
  if (o.json) {
    printJson({ client, path, entry, dryRun: Boolean(o.dryRun), unchanged: plan.unchanged, ...(backup ? { backup } : {}) })
    return 0
  }
  const verb = o.dryRun ? 'Would write' : plan.unchanged ? 'Already up to date:' : 'Wrote'
  line(`${verb} ${colors.bold(path)}${backup ? colors.dim(` (previous file saved as ${backup})`) : ''}`)
  line(JSON.stringify({ mcpServers: { [o.name ?? 'mmm']: entry } }, null, 2))
  if (!o.dryRun) line(colors.dim(`\nRestart ${client} to load it; mmm mcp doctor checks that it starts and answers.`))
  return 0
}

/** How a client starts this mmm: this Node binary, the kernel's bin script, this project. */
export async function serverEntry(o: GlobalOptions): Promise<{ type: 'stdio'; command: string; args: string[] }> {
  const cwd = resolve(o.cwd ?? process.cwd())
  const config = await loadConfig({ cwd, ...(o.config ? { configFile: resolve(o.config) } : {}) })
  return {
    type: 'stdio',
    command: process.execPath,
    args: [kernelBin(), '-C', config.root, ...(o.config ? ['--config', resolve(o.config)] : []), 'mcp'],
  }
}

/** kernel/bin/mmm.js, found from here whether this runs from the sources or the bundled dist/. */
function kernelBin(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@mmm/kernel') return join(dir, 'bin', 'mmm.js')
  }
  throw new MmmError('MMM_INTERNAL', 'could not find the @mmm/kernel package this CLI runs from')
}
