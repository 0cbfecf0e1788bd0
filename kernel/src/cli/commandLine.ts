// What the command line asks for, read before any command code loads: kernel/bin/mmm.js uses it to start the
// plugin host first (prewarm.ts), main.ts to route.

/** Commands of the CLI itself; any other first word is a tool short form (`mmm analyze`, `mmm hello greet`). */
export const BUILTIN = new Set(['tools', 'call', 'plugin', 'history', 'config', 'mcp', 'help', 'claude', 'run', 'jobs', 'watch'])
const GLOBAL_WITH_VALUE = new Set(['--cwd', '-C', '--config', '-c'])

/** The first word that is neither a flag nor a global flag's value. */
export function firstPositional(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (GLOBAL_WITH_VALUE.has(a)) { i++; continue }
    if (a.startsWith('-')) continue
    return a
  }
  return undefined
}

/** `mmm call …` and tool short forms run a plugin. */
export function runsPlugin(argv: readonly string[]): boolean {
  const first = firstPositional(argv)
  return first === 'call' || (first !== undefined && !BUILTIN.has(first))
}
