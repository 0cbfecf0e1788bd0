// `mmm run <command> [args]`: fills a command template and runs it with Claude, streaming the answer;
// `--background` starts it as a detached job (mmm jobs), `--list` lists the templates.
import { spawn } from 'node:child_process'
import { openSync, closeSync } from 'node:fs'
import { loadCommands, type CommandTemplate } from '../../claude/commands/loadCommands.ts'
import { parseCommandArgs, renderCommand } from '../../claude/commands/renderCommand.ts'
import { JobStore } from '../../claude/jobs/JobStore.ts'
import { didYouMean } from '../../config/didYouMean.ts'
import { MmmError, toMmmError } from '../../errors.ts'
import { colors, line, printJson, table, type GlobalOptions } from '../output.ts'
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
    if (opts.background) return startJob(o, k.root, t.name, args, opts)
    const store = opts.job ? new JobStore(k.root) : undefined
    if (store && opts.job) store.update(opts.job, { pid: process.pid, status: 'running' })
    const ac = new AbortController()
    const stop = () => ac.abort()
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
    let streamed = false
    try {
      const r = await k.claude.message({
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
      })
      if (o.json) printJson({ command: t.name, ...r })
      else {
        if (!streamed) process.stdout.write(r.text)
        line()
        const u = r.usage
        process.stderr.write(colors.dim(`${r.provider} · ${r.model} · ${u.inputTokens + u.cacheWriteTokens + u.cacheReadTokens} in (${u.cacheReadTokens} cached) / ${u.outputTokens} out · $${r.costUsd.toFixed(4)}${r.cached ? ' · from the response cache' : ''}\n`))
      }
      if (store && opts.job) store.update(opts.job, { status: 'succeeded', endedAt: new Date().toISOString(), costUsd: r.costUsd })
      return 0
    } catch (e) {
      const err = toMmmError(e)
      if (store && opts.job) store.update(opts.job, { status: err.code === 'MMM_CANCELLED' ? 'cancelled' : 'failed', endedAt: new Date().toISOString(), error: { code: err.code, message: err.message } })
      throw err
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

/** A detached `mmm run … --job <id>` with its output in the job's log: it outlives this process. */
function startJob(o: GlobalOptions, root: string, name: string, args: string[], opts: RunOptions): number {
  const store = new JobStore(root)
  const id = JobStore.newId()
  store.create({ id, command: name, args, status: 'running', startedAt: new Date().toISOString() })
  const log = openSync(store.logFile(id), 'a')
  const argv = [
    ...process.execArgv, process.argv[1]!, '--cwd', root, ...(o.config ? ['--config', o.config] : []), ...(o.yes ? ['--yes'] : []),
    'run', name, ...args, '--job', id, ...(opts.cache === false ? ['--no-cache'] : []),
  ]
  const child = spawn(process.execPath, argv, { cwd: root, detached: true, stdio: ['ignore', log, log], env: { ...process.env, NO_COLOR: '1', MMM_RUN_ID: id } })
  closeSync(log)
  if (child.pid !== undefined) store.update(id, { pid: child.pid })
  child.unref()
  if (o.json) printJson({ job: id, log: store.logFile(id) })
  else line(`Started job ${id} — follow it with mmm jobs watch ${id}`)
  return 0
}
