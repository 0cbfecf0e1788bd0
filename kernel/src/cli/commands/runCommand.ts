// `mmm run <command> [args]`: fills a command template and runs it with Claude, streaming the answer;
// `--background` starts it as a detached job (mmm jobs), `--list` lists the templates.
import { loadCommands, type CommandTemplate } from '../../claude/commands/loadCommands.ts'
import { parseCommandArgs, renderCommand } from '../../claude/commands/renderCommand.ts'
import { didYouMean } from '../../config/didYouMean.ts'
import { MmmError } from '../../errors.ts'
import { colors, line, printJson, table, type GlobalOptions } from '../output.ts'
import { recordJob } from '../recordJob.ts'
import { startJob } from '../startJob.ts'
import { withKernel } from '../withKernel.ts'

export interface RunOptions {
  background?: boolean
  /** false with --no-cache */
  cache?: boolean
  list?: boolean
  /** Set when this process is a background job. */
  job?: string
}

export async function runCommand(o: GlobalOptions, name: string | undefined, args: string[], opts: RunOptions): Promise<number> {
  const extra = { claude: { ...(opts.cache === false ? { noCache: true } : {}), ...(opts.job ? { runId: opts.job } : {}) } }
  return withKernel(o, async (k) => {
    const commands = loadCommands(k.root, k.config.config.prompts)
    if (opts.list || !name) return listCommands(o, [...commands.values()])
    const t = commands.get(name)
    if (!t) {
      const hint = didYouMean(name, commands.keys())
      throw new MmmError('MMM_COMMAND_NOT_FOUND', `no command template "${name}"${hint ? `; did you mean "${hint}"?` : ''} (mmm run --list shows them; add your own in .mmm/commands/${name}.md)`)
    }
    const prompt = renderCommand(t, parseCommandArgs(t, args), k.root)
    if (opts.background) return startJob(o, k.root, { command: t.name, args, argv: ['run', t.name, ...args, ...(opts.cache === false ? ['--no-cache'] : [])] })
    const ac = new AbortController()
    const stop = () => ac.abort()
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
    let streamed = false
    try {
      const r = await recordJob(k.root, opts.job, () => k.claude.message({
        prompt,
        ...(t.task ? { task: t.task } : {}),
        ...(t.model ? { model: t.model } : {}),
        ...(t.system ? { system: t.system } : {}),
        ...(t.permissionMode ? { permissionMode: t.permissionMode } : {}),
        ...(t.maxTokens ? { max_tokens: t.maxTokens } : {}),
        ...(t.cache ? { cache: true } : {}),
      }, {
        plugin: 'kernel',
        signal: ac.signal,
        onProgress: (p) => {
          if (o.json || !p.message) return
          streamed = true
          process.stdout.write(p.message)
        },
      }), async (r) => r?.costUsd)
      if (o.json) printJson({ command: t.name, ...r })
      else {
        if (!streamed) process.stdout.write(r.text)
        line()
        const u = r.usage
        process.stderr.write(colors.dim(`${r.provider} · ${r.model} · ${u.inputTokens + u.cacheWriteTokens + u.cacheReadTokens} in (${u.cacheReadTokens} cached) / ${u.outputTokens} out · $${r.costUsd.toFixed(4)}${r.cached ? ' · from the response cache' : ''}\n`))
      }
      return 0
    } finally {
      process.off('SIGTERM', stop)
      process.off('SIGINT', stop)
    }
  }, undefined, extra)
}

function listCommands(o: GlobalOptions, list: CommandTemplate[]): number {
  if (o.json) printJson(list.map(({ body: _b, ...t }) => t))
  else {
    line(table(list.map((t) => [t.name, t.source, t.description, t.arguments.map((a) => `--${a.name}${a.required ? '' : '?'}`).join(' ')]), ['command', 'from', 'description', 'arguments']))
    line(colors.dim('mmm run <command> [--arg value] · your own: .mmm/commands/<name>.md'))
  }
  return 0
}
