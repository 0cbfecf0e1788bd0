// Registers the Claude commands: `mmm claude models|usage|key set`, `mmm run <command>`, `mmm jobs …`.
// Only commander is loaded here; each action imports its code when it runs.
import type { Command } from 'commander'
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

}
