// `mmm <plugin>` and `mmm <plugin> --help`: the plugin's tools as commands, each with the start of its
// description, and how to get a tool's flags.
import type { RegisteredTool } from '../registry/Registry.ts'

/** The first sentence of a description, cut to fit one line. */
function summary(description: string | undefined, room: number): string {
  const first = (description ?? '').split(/(?<=[.!?])\s/)[0]!.replace(/\s+/g, ' ').trim()
  return first.length > room ? `${first.slice(0, room - 1)}…` : first
}

export function pluginHelp(plugin: string, tools: readonly RegisteredTool[], columns = process.stdout.columns ?? 100): string {
  const own = tools.filter((t) => t.plugin === plugin)
  const width = Math.max(...own.map((t) => t.name.length))
  const room = Math.max(30, columns - width - 6)
  return [
    `Usage: mmm ${plugin} <command> [flags]`,
    '',
    `Commands (the tools of the ${plugin} plugin):`,
    ...own.map((t) => `  ${t.name.padEnd(width)}  ${summary(t.description, room)}`),
    '',
    `mmm ${plugin} <command> --help lists a command's flags; --json prints its result as JSON.`,
  ].join('\n')
}
