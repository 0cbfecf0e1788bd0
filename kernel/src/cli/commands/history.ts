import type { Kernel } from '../../createKernel.ts'
import { MmmError } from '../../errors.ts'
import type { HistoryEntry } from '../../state/HistoryStore.ts'
import { colors, line, printJson, table, type GlobalOptions } from '../output.ts'
import { runTool } from './call.ts'

export async function historyCommand(k: Kernel, opts: { limit?: string; tool?: string }, o: GlobalOptions): Promise<number> {
  const limit = opts.limit === undefined ? 20 : Number(opts.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new MmmError('MMM_USAGE', `--limit must be a whole number from 1 to 1000, not ${JSON.stringify(opts.limit)}`)
  const entries = await k.history.list({ limit, ...(opts.tool ? { tool: opts.tool } : {}) })
  if (o.json) {
    printJson(entries)
    return 0
  }
  if (entries.length === 0) {
    line('No calls recorded yet.')
    return 0
  }
  const outcome = (s: string) => (s === 'ok' ? colors.green(s) : s === 'cancelled' ? colors.yellow(s) : colors.red(s))
  line(table(entries.map((e: HistoryEntry) => [e.id, e.tool, e.caller, e.startedAt.replace('T', ' ').slice(0, 19), `${Math.round(e.durationMs)} ms`, outcome(e.outcome) + (e.errorCode ? ` ${colors.dim(e.errorCode)}` : '')]), ['ID', 'TOOL', 'CALLER', 'TIME (UTC)', 'DURATION', 'OUTCOME']))
  line(colors.dim('\nRe-run one: mmm history replay <id>'))
  return 0
}

export async function historyReplayCommand(k: Kernel, id: string, o: GlobalOptions): Promise<number> {
  const entry = await k.history.get(id)
  if (entry.input === undefined) throw new MmmError('MMM_USAGE', `call ${id} cannot be replayed: its input was larger than 64 KB and was not stored`)
  if (!o.json) process.stderr.write(colors.dim(`replaying ${entry.tool} from ${entry.startedAt}\n`))
  return runTool(k, entry.tool, entry.input, o)
}
