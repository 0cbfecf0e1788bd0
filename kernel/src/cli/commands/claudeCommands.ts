// Registers the Claude commands: `mmm claude models|usage|key set`, `mmm run <command>`, `mmm jobs …`.
// Only commander is loaded here; each action imports its code when it runs.
import { Option, type Command } from 'commander'
import type { GlobalOptions } from '../output.ts'

export interface ClaudeCommandDeps {
  globals: (cmd: Command) => GlobalOptions
  setCode: (code: number) => void
}

export function registerClaudeCommands(program: Command, d: ClaudeCommandDeps): void {
  const last = (args: unknown[]) => args[args.length - 1] as Command
  const claude = program.command('claude').description('the Claude integration: models, usage and costs, the API key')
  claude.command('models').description('list the models the configured provider offers').option('--json', 'JSON output')
    .action(async (...a: unknown[]) => d.setCode(await (await import('./claudeInfo.ts')).modelsCommand(d.globals(last(a)))))
  claude.command('usage').description('tokens and cost per day, this run and the latest calls').option('-n, --limit <n>', 'how many calls (default 10)').option('--json', 'JSON output')
    .action(async (opts: { limit?: string }, cmd: Command) => d.setCode(await (await import('./claudeInfo.ts')).usageCommand(d.globals(cmd), opts)))
  const key = claude.command('key').description('the Anthropic API key used when ANTHROPIC_API_KEY is not set')
  key.command('set').description('read an API key from stdin and store it in the user config dir (mode 0600)').option('--json', 'JSON output')
    .action(async (_opts: unknown, cmd: Command) => d.setCode(await (await import('./claudeInfo.ts')).keySetCommand(d.globals(cmd))))

  program.command('run [command] [args...]').description('run a command template (.mmm/commands/*.md or built-in) with Claude: mmm run review --focus security')
    .allowUnknownOption(true)
    .option('--background', 'run as a background job (see mmm jobs)')
    .option('--no-cache', 'never answer from the response cache')
    .option('--list', 'list the command templates instead of running one')
    .option('--json', 'JSON output')
    .addOption(new Option('--job <id>', 'internal: this process is that background job').hideHelp())
    .action(async (name: string | undefined, args: string[], opts: { background?: boolean; cache?: boolean; list?: boolean; job?: string }, cmd: Command) =>
      d.setCode(await (await import('./runCommand.ts')).runCommand(d.globals(cmd), name, args, opts)))

  const jobs = program.command('jobs').description('background jobs: list, watch, logs, cancel').option('--json', 'JSON output')
    .action(async (_opts: unknown, cmd: Command) => d.setCode(await (await import('./jobsCommand.ts')).jobsListCommand(d.globals(cmd))))
  jobs.command('watch <id>').description('follow a job\'s output live until it ends')
    .action(async (id: string, _o: unknown, cmd: Command) => d.setCode(await (await import('./jobsCommand.ts')).jobsWatchCommand(d.globals(cmd), id)))
  jobs.command('logs <id>').description('print a job\'s output so far').option('--json', 'JSON output')
    .action(async (id: string, _o: unknown, cmd: Command) => d.setCode(await (await import('./jobsCommand.ts')).jobsLogsCommand(d.globals(cmd), id)))
  jobs.command('cancel <id>').description('stop a running job').option('--json', 'JSON output')
    .action(async (id: string, _o: unknown, cmd: Command) => d.setCode(await (await import('./jobsCommand.ts')).jobsCancelCommand(d.globals(cmd), id)))
}
