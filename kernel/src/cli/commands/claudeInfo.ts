// `mmm claude models`, `mmm claude usage`, `mmm claude key set`.
import { readFileSync } from 'node:fs'
import { saveApiKey } from '../../claude/apiKeyStore.ts'
import { dayOf } from '../../claude/UsageLedger.ts'
import { colors, line, printJson, table, type GlobalOptions } from '../output.ts'
import { withKernel } from '../withKernel.ts'

export function modelsCommand(o: GlobalOptions): Promise<number> {
  return withKernel(o, async (k) => {
    const models = await k.claude.models()
    if (o.json) printJson({ provider: k.claude.providerName(), models })
    else {
      line(table(models.map((m) => [m.id, m.displayName, m.createdAt?.slice(0, 10) ?? '']), ['model', 'name', 'released']))
      line(colors.dim(`provider: ${k.claude.providerName()} · set models per task under claude.tasks in mmm.config.ts`))
    }
    return 0
  })
}

export function usageCommand(o: GlobalOptions, opts: { limit?: string }): Promise<number> {
  return withKernel(o, async (k) => {
    const limit = Math.max(1, Number(opts.limit ?? 10) || 10)
    const [days, calls, today] = await Promise.all([k.claude.ledger.days(), k.claude.ledger.calls(limit), k.claude.ledger.day()])
    if (o.json) {
      printJson({ today: { day: dayOf(), ...today }, days, calls })
      return 0
    }
    const usd = (n: number) => `$${n.toFixed(4)}`
    line(table(days.slice(-14).map((d) => [d.day, String(d.totals.calls), String(d.totals.inputTokens), String(d.totals.outputTokens), String(d.totals.cacheWriteTokens), String(d.totals.cacheReadTokens), usd(d.totals.costUsd)]),
      ['day', 'calls', 'input', 'output', 'cache write', 'cache read', 'cost']))
    if (calls.length) {
      line()
      line(table(calls.map((c) => [c.at.slice(0, 19).replace('T', ' '), c.plugin, c.task ?? '', c.model, String(c.usage.inputTokens + c.usage.cacheReadTokens + c.usage.cacheWriteTokens), String(c.usage.outputTokens), usd(c.costUsd)]),
        ['when', 'plugin', 'task', 'model', 'in', 'out', 'cost']))
    }
    return 0
  })
}

export async function keySetCommand(o: GlobalOptions): Promise<number> {
  if (process.stdin.isTTY) process.stderr.write('Paste the API key, then press Enter and Ctrl-D:\n')
  const key = readFileSync(0, 'utf8')
  const file = saveApiKey(key, process.env)
  if (o.json) printJson({ saved: file })
  else line(`Saved the API key to ${file} (readable only by you). ANTHROPIC_API_KEY, when set, still takes precedence.`)
  return 0
}
