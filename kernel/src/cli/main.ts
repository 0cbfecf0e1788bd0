#!/usr/bin/env node
// The mmm CLI (DESIGN §11). Commands load only what they use: `mmm --help` starts no kernel.
import { Command, CommanderError, Option } from 'commander'
import { MmmError } from '../errors.ts'
import type { CallCommandOptions } from './commands/call.ts'
import { reportError, type GlobalOptions } from './output.ts'
import { BUILTIN, firstPositional, runsPlugin } from './commandLine.ts'

/** Short forms of first-party tools: `mmm analyze .` → analyzer.analyze { path: '.' }. Active when the tool is loaded. */
const SHORT_FORMS: Record<string, { tool: string; positional?: string[]; human?: Record<string, unknown> }> = {
  // `human`: input the short form uses when the user asked for neither --json nor that flag.
  analyze: { tool: 'analyzer.analyze', positional: ['path'], human: { format: 'text' } },
  improve: { tool: 'loop.improve', human: { format: 'text' } },
  hello: { tool: 'hello.greet', positional: ['name'] },
}

/** First-party plugins by command name (`mmm workflow run …`), and the preset that loads each. */
const FIRST_PARTY: Record<string, { preset: string; docs: string }> = {
  analyzer: { preset: '@mmm/preset-recommended', docs: 'docs/analyzer.md' },
  loop: { preset: '@mmm/preset-recommended', docs: 'docs/improve.md' },
  workflow: { preset: '@mmm/preset-workflows', docs: 'docs/workflows.md' },
  spec: { preset: '@mmm/preset-workflows', docs: 'docs/specs.md' },
}

let pipeGuard = false

export async function main(argv: string[]): Promise<number> {
  if (!pipeGuard) {
    pipeGuard = true
    // `mmm tools | head`: a closed pipe ends the output, it is not a crash.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw e
    })
  }
  const first = firstPositional(argv)
  // `mmm call …` and tool short forms run a plugin: its host boots (Node, isolated-vm) while the CLI loads
  // (the built CLI's bin has already started it: this is then a no-op).
  if (runsPlugin(argv)) prewarmPluginHost()
  const program = new Command('mmm')
  program
    .description('Turn Claude into a reproducible development loop: analyze, review, improve, validate, repeat.')
    .version(await version(), '-V, --version')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option('-c, --config <file>', 'use this config file instead of searching for mmm.config.*')
    .option('-y, --yes', 'grant plugins the permissions they ask for (recorded in .mmm/plugins.lock.json)')
    .option('--json', 'print one JSON document on stdout and nothing else')
    .option('--verbose', 'print error details and debug logs')
    .option('--no-color', 'no colours (NO_COLOR is respected too)')
    .showHelpAfterError('(run mmm --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addHelpText('after', `
Plugin commands (mmm tools lists what this project loads):
  analyze [path]                     languages, frameworks, commands, health, quality and a score (offline)
  improve                            Claude improves the code in a git worktree until a target score
  workflow <list|run|status|…>       YAML workflows (preset @mmm/preset-workflows)
  spec <list|add|run|…>              Markdown specifications Claude implements (preset @mmm/preset-workflows)
  <plugin> <tool> [flags]            any tool, flags from its input schema: mmm <plugin> <tool> --help

Docs: docs/getting-started.md · Exit codes: 0 ok, 1 the work failed, 2 bad usage or input`)

  let code = 0
  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals() as GlobalOptions
  const kernelAction = (fn: (k: import('../createKernel.ts').Kernel, o: GlobalOptions, ...a: unknown[]) => Promise<number>) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command
      const o = globals(cmd)
      const { withKernel } = await import('./withKernel.ts')
      code = await withKernel(o, (k) => fn(k, o, ...args.slice(0, -1)))
    }

  program.command('tools').description('list the tools, resources and prompts of the loaded plugins').option('--json', 'JSON output')
    .action(kernelAction(async (k, o) => (await import('./commands/tools.ts')).toolsCommand(k, o)))
  program.command('call <tool>').description('call any tool: mmm call hello.greet --input \'{"name":"Ada"}\'')
    .option('-i, --input <json>', 'the input as JSON').option('-f, --input-file <file>', 'read the input JSON from a file (- for stdin)').option('--json', 'JSON output')
    .option('--background', 'run as a background job (see mmm jobs)')
    .addOption(new Option('--job <id>', 'internal: this process is that background job').hideHelp())
    .action(kernelAction(async (k, o, id, opts) => (await import('./commands/call.ts')).callCommand(k, id as string, opts as CallCommandOptions, o, argsAfter(argv, 'call', 1))))
  const plugin = program.command('plugin').description('add, remove, list, grant, revoke, create and build plugins')
  plugin.command('list').description('list loaded plugins, their versions and granted permissions').option('--json', 'JSON output')
    .action(async (_opts: unknown, cmd: Command) => { code = await (await import('./commands/plugin.ts')).pluginListCommand(globals(cmd)) })
  plugin.command('build [dir]').description('bundle a plugin (src/plugin.ts) into its one-file ES module').option('--json', 'JSON output')
    .action(async (dir: string | undefined, _opts: unknown, cmd: Command) => { code = await (await import('./commands/plugin.ts')).pluginBuildCommand(dir, globals(cmd)) })
  plugin.command('add <package>').description('install a plugin (npm name, or a local path), review and grant its permissions, enable it').option('--json', 'JSON output')
    .action(async (spec: string, _opts: unknown, cmd: Command) => { code = await (await import('./commands/plugin.ts')).pluginAddCommand(spec, globals(cmd)) })
  plugin.command('remove <name>').description('disable a plugin: out of the config, grant forgotten, package uninstalled').option('--json', 'JSON output')
    .action(async (name: string, _opts: unknown, cmd: Command) => { code = await (await import('./commands/plugin.ts')).pluginRemoveCommand(name, globals(cmd)) })
  plugin.command('grant <names...>').description('grant plugins the permissions they ask for (recorded with their bundle hash)').option('--json', 'JSON output')
    .action(async (names: string[], _opts: unknown, cmd: Command) => { code = await (await import('./commands/plugin.ts')).pluginGrantCommand(names, globals(cmd)) })
  plugin.command('revoke <name>').description('forget a plugin\'s grant: it asks again before it loads').option('--json', 'JSON output')
    .action(async (name: string, _opts: unknown, cmd: Command) => { code = await (await import('./commands/plugin.ts')).pluginRevokeCommand(name, globals(cmd)) })
  plugin.command('create <name>').description('scaffold a new plugin package (source, manifest, test)').option('--dir <parent>', 'where to create it (default: here)').option('--json', 'JSON output')
    .action(async (name: string, _opts: unknown, cmd: Command) => { code = await (await import('./commands/plugin.ts')).pluginCreateCommand(name, globals(cmd) as GlobalOptions & { dir?: string }) })
  const history = program.command('history').description('recent tool calls: tool, caller, time, duration, outcome')
    .option('-n, --limit <n>', 'how many (default 20)').option('--tool <id>', 'only calls of this tool').option('--json', 'JSON output')
    .action(kernelAction(async (k, o, opts) => (await import('./commands/history.ts')).historyCommand(k, opts as { limit?: string; tool?: string }, o)))
  history.command('replay <id>').description('run a recorded call again with the same input').option('--json', 'JSON output')
    .action(kernelAction(async (k, o, id) => (await import('./commands/history.ts')).historyReplayCommand(k, id as string, o)))
  program.command('config').description('print the resolved config and where each value came from').option('--json', 'JSON output')
    .action(async (_opts: unknown, cmd: Command) => { code = await (await import('./commands/config.ts')).configCommand(globals(cmd)) })

  program.command('watch').description('start workflows on their triggers (spec files added or changed, schedules) until Ctrl-C').option('--json', 'one JSON object per line')
    .action(async (_opts: unknown, cmd: Command) => { code = await (await import('./commands/watch.ts')).watchCommand(globals(cmd)) })
  const { registerClaudeCommands } = await import('./commands/claudeCommands.ts')
  registerClaudeCommands(program, { globals, setCode: (c) => { code = c } })
  const { registerMcpCommands } = await import('./commands/mcpCommands.ts')
  registerMcpCommands(program, { globals, version: await version(), setCode: (c) => { code = c } })

  try {
    if (first !== undefined && !BUILTIN.has(first)) return await runShortForm(argv)
    await program.parseAsync(argv, { from: 'user' })
    return code
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2
    // A background job that failed before its work started (its kernel would not load) says so in its record.
    const job = argv.indexOf('--job')
    if ((first === 'call' || first === 'run') && job >= 0 && argv[job + 1]) await (await import('./recordJob.ts')).recordJobFailure(splitGlobals(argv).globals, argv[job + 1]!, e)
    return reportError(e, { json: argv.includes('--json'), verbose: argv.includes('--verbose') })
  }
}

/** `mmm <command>` belongs to first-party plugin `plugin`, which the config does not load: which preset loads it. */
function notLoaded(command: string, plugin: string): MmmError {
  const { preset, docs } = Object.hasOwn(FIRST_PARTY, plugin) ? FIRST_PARTY[plugin]! : { preset: '@mmm/preset-recommended', docs: 'docs/config.md' }
  return new MmmError('MMM_USAGE', `mmm ${command} comes from the ${plugin} plugin (@mmm/plugin-${plugin}), which this project's config does not load: add '${preset}' to its presets, or '@mmm/plugin-${plugin}' to its plugins (${docs})`)
}

/** A plugin host boots while the kernel reads its config; the first plugin to start takes it. */
function prewarmPluginHost(): void {
  import('../sandbox/hostProcess.ts').then((m) => m.prewarmHost(), () => {})
}

/** `mmm <short-form>` or `mmm <plugin> <tool>`: flags come from the tool's input schema. */
async function runShortForm(argv: string[]): Promise<number> {
  const { globals: o, rest } = splitGlobals(argv)
  const { withKernel } = await import('./withKernel.ts')
  return withKernel(o, async (k) => {
    const [a, b] = rest
    // Own keys only: `mmm toString` is an unknown command, not Object.prototype's.
    const short = a && Object.hasOwn(SHORT_FORMS, a) ? SHORT_FORMS[a] : undefined
    let toolId: string
    let args: string[]
    let positional: string[] = []
    let human: Record<string, unknown> = {}
    const has = (id: string) => k.registry.listTools().some((t) => t.id === id)
    if (a && b && !b.startsWith('-') && has(`${a}.${b}`)) {
      toolId = `${a}.${b}`
      args = rest.slice(2)
      // A tool may name input properties that its CLI form takes as arguments: `mmm workflow run build`.
      const schema = k.registry.getTool(toolId).inputSchema
      const named = schema['x-mmm-positional']
      positional = Array.isArray(named) ? named.filter((p): p is string => typeof p === 'string') : []
      // …and input for a person at a terminal (`x-mmm-human`, e.g. { format: 'text' }), as short forms have.
      const forHuman = schema['x-mmm-human']
      if (forHuman && typeof forHuman === 'object' && !Array.isArray(forHuman)) human = forHuman as Record<string, unknown>
    } else if (short && has(short.tool)) {
      toolId = short.tool
      args = rest.slice(1)
      positional = short.positional ?? []
      human = short.human ?? {}
    } else if (short) {
      throw notLoaded(a!, short.tool.split('.')[0]!)
    } else if (a && !k.plugins.has(a) && Object.hasOwn(FIRST_PARTY, a)) {
      throw notLoaded(a, a)
    } else if (a && k.plugins.has(a)) {
      // `mmm workflow`, `mmm workflow --help`, `mmm workflow nope`: the plugin's commands.
      const { pluginHelp } = await import('./pluginHelp.ts')
      const help = pluginHelp(a, k.registry.listTools())
      if (b === '--help' || b === '-h' || b === 'help') {
        process.stdout.write(`${help}\n`)
        return 0
      }
      const names = k.registry.listTools().filter((t) => t.plugin === a).map((t) => t.name).join(', ')
      if (!o.json) process.stderr.write(`${help}\n\n`)
      throw new MmmError('MMM_USAGE', `${b === undefined ? `mmm ${a} needs a command` : `"${b}" is not a command of the ${a} plugin`}: ${names}`)
    } else {
      throw new MmmError('MMM_USAGE', `unknown command "${a}" (mmm --help lists commands, mmm tools lists tools)`)
    }
    const tool = k.registry.getTool(toolId)
    const { addSchemaOptions, inputFromOptions } = await import('./schemaOptions.ts')
    const cmd = new Command(`mmm ${rest.slice(0, rest.length - args.length).join(' ')}`).description(tool.description).exitOverride()
      .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    addSchemaOptions(cmd, tool.inputSchema, positional, human)
    cmd.option('--background', 'run as a background job (see mmm jobs)')
    let input: Record<string, unknown> | undefined
    let background = false
    cmd.action((...xs: unknown[]) => {
      const c = xs[xs.length - 1] as Command
      background = c.opts().background === true
      input = inputFromOptions(tool.inputSchema, c.opts(), xs.slice(0, positional.length), positional)
      // A job's log ends with the result document (it runs with --json): no human-only input there.
      if (!o.json && !background) for (const [k, v] of Object.entries(human)) if (c.getOptionValueSource(k) !== 'cli') input[k] = v
    })
    await cmd.parseAsync(args, { from: 'user' })
    if (!input) return 0
    const { runTool, startToolJob } = await import('./commands/call.ts')
    if (background) return startToolJob(k, toolId, input, args.filter((a) => a !== '--background'), o)
    return runTool(k, toolId, input, o)
  })
}

/** The user's arguments after `command` and `skip` more words (global flags and --background left out): what a job records. */
function argsAfter(argv: string[], command: string, skip: number): string[] {
  const { rest } = splitGlobals(argv)
  return rest.slice(rest.indexOf(command) + 1 + skip).filter((a) => a !== '--background')
}

/** Takes the global flags out of argv (wherever they stand); the rest belongs to the tool's own flags. */
function splitGlobals(argv: string[]): { globals: GlobalOptions; rest: string[] } {
  const globals: GlobalOptions = {}
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const eq = /^--(cwd|config)=(.*)$/.exec(a)
    if (eq) globals[eq[1] as 'cwd' | 'config'] = eq[2]!
    else if (a === '--cwd' || a === '-C') globals.cwd = argv[++i]
    else if (a === '--config' || a === '-c') globals.config = argv[++i]
    else if (a === '--yes' || a === '-y') globals.yes = true
    else if (a === '--verbose') globals.verbose = true
    else if (a === '--json') globals.json = true
    else if (a === '--no-color') globals.color = false
    else rest.push(a)
  }
  return { globals, rest }
}

async function version(): Promise<string> {
  // src/cli/main.ts and dist/mmm.js sit at different depths in the package: find its package.json.
  const { existsSync, readFileSync } = await import('node:fs')
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    const file = new URL('package.json', dir)
    if (!existsSync(file)) continue
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
    if (pkg.name === '@mmm/kernel') return pkg.version ?? '0.0.0'
  }
  return '0.0.0'
}

// import.meta.main is Node 24+; on an older Node it is undefined and the CLI would exit 0 silently.
if (import.meta.main === undefined) {
  process.stderr.write(`mmm: needs Node.js 24 or newer (this is ${process.version}); run \`npm run setup\` and use ./mmm, or install Node 24\n`)
  process.exitCode = 2
} else if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2))
}
