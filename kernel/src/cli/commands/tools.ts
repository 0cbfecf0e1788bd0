import type { Kernel } from '../../createKernel.ts'
import { colors, line, printJson, table, type GlobalOptions } from '../output.ts'

export async function toolsCommand(k: Kernel, o: GlobalOptions): Promise<number> {
  const tools = k.registry.listTools().sort((a, b) => a.id.localeCompare(b.id))
  if (o.json) {
    printJson({
      tools: tools.map((t) => ({ id: t.id, plugin: t.plugin, description: t.description, input: t.inputSchema, ...(t.output ? { output: t.output } : {}), ...(t.annotations ? { annotations: t.annotations } : {}) })),
      resources: k.registry.listResources(),
      prompts: k.registry.listPrompts(),
    })
    return 0
  }
  if (tools.length === 0) {
    line('No tools: no plugins are configured. Add plugins to mmm.config.ts (see docs/config.md).')
    return 0
  }
  line(table(tools.map((t) => [colors.bold(t.id), t.description]), ['TOOL', 'DESCRIPTION']))
  const res = k.registry.listResources()
  const prompts = k.registry.listPrompts()
  if (res.length) line(`\n${table(res.map((r) => [r.uri, r.plugin, r.description ?? r.name ?? '']), ['RESOURCE', 'PLUGIN', 'DESCRIPTION'])}`)
  if (prompts.length) line(`\n${table(prompts.map((p) => [p.id, p.description ?? '']), ['PROMPT', 'DESCRIPTION'])}`)
  line(colors.dim(`\nRun one: mmm call <tool> --input '<json>'  (or mmm <plugin> <tool> --help)`))
  return 0
}
