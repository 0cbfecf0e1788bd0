// `mmm mcp doctor`: does the server start and answer tools/list, the way mmm would be started here and
// the way each client with an mmm entry starts it? Exit 1 when a check fails, each with what to do.
import { homedir } from 'node:os'
import { colors, line, printJson, type GlobalOptions } from '../output.ts'
import { serverEntry } from './mcpInstall.ts'

interface Check {
  name: string
  ok: boolean
  detail: string
  fix?: string
}

export async function mcpDoctorCommand(o: GlobalOptions): Promise<number> {
  const { CLIENTS, clientConfigPath, installedEntry } = await import('@mmm/mcp-server')
  const { probeServer } = await import('@mmm/mcp-server/doctor')
  const checks: Check[] = []
  const here = await serverEntry(o)
  const root = here.args[here.args.indexOf('-C') + 1]!
  const env = { PATH: process.env.PATH ?? '', HOME: homedir() }
  const local = await probeServer(here, { env })
  checks.push(local.ok
    ? { name: 'server', ok: true, detail: `mmm mcp starts and lists ${local.tools} tools in ${local.ms} ms (protocol ${local.protocol})` }
    : { name: 'server', ok: false, detail: `mmm mcp did not answer tools/list: ${local.error}${local.stderr ? `\n    ${local.stderr.replace(/\n/g, '\n    ')}` : ''}`, fix: 'run mmm tools to see the config or plugin error, fix it, and run mmm mcp doctor again' })
  // The server runs without a plugin it has no grant for: say which, and how to grant it.
  for (const l of local.notServed ?? []) {
    const name = /plugin "([^"]+)"/.exec(l)?.[1]
    checks.push({ name: `plugin ${name ?? '?'}`, ok: false, detail: l.replace(/^\[[^\]]*\] warn: /, ''), fix: name ? `mmm plugin grant ${name} (review what it asks first: mmm plugin list)` : 'mmm plugin grant <name>' })
  }
  for (const client of CLIENTS) {
    const path = clientConfigPath(client, { home: homedir(), platform: process.platform, env: process.env, root })
    let entry
    try {
      entry = installedEntry(path, 'mmm')
    } catch (e) {
      checks.push({ name: client, ok: false, detail: (e as Error).message, fix: `fix ${path}` })
      continue
    }
    if (!entry) {
      checks.push({ name: client, ok: true, detail: `not installed (${path}); mmm mcp install ${client} adds it` })
      continue
    }
    const r = await probeServer(entry, { env })
    checks.push(r.ok
      ? { name: client, ok: true, detail: `its entry in ${path} starts mmm and lists ${r.tools} tools in ${r.ms} ms` }
      : { name: client, ok: false, detail: `its entry in ${path} (${entry.command} ${entry.args.join(' ')}) failed: ${r.error}`, fix: `run mmm mcp install ${client} again to point it at this mmm` })
  }
  const failed = checks.filter((c) => !c.ok)
  if (o.json) printJson({ ok: failed.length === 0, checks })
  else {
    for (const c of checks) {
      line(`${c.ok ? colors.green('✓') : colors.red('✗')} ${colors.bold(c.name)}: ${c.detail}`)
      if (c.fix) line(`  ${colors.dim(`fix: ${c.fix}`)}`)
    }
  }
  return failed.length === 0 ? 0 : 1
}
