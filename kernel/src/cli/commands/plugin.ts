import { resolve } from 'node:path'
import type { Kernel } from '../../createKernel.ts'
import { describe } from '../../grants/permissions.ts'
import { bundlePlugin } from '../../plugins/bundlePlugin.ts'
import { colors, line, printJson, table, type GlobalOptions } from '../output.ts'

export async function pluginListCommand(k: Kernel, o: GlobalOptions): Promise<number> {
  const plugins = [...k.plugins.values()]
  if (o.json) {
    printJson(plugins.map((p) => ({ name: p.name, version: p.version, specifier: p.specifier, source: p.source, sha256: p.sha256, permissions: p.permissions, tools: p.manifest.tools.map((t) => `${p.name}.${t.name}`), resources: p.manifest.resources.map((r) => r.uri), prompts: p.manifest.prompts.map((x) => `${p.name}.${x.name}`), hooks: p.manifest.hooks })))
    return 0
  }
  if (plugins.length === 0) {
    line('No plugins configured. Add some to "plugins" in mmm.config.ts.')
    return 0
  }
  line(table(plugins.map((p) => [colors.bold(p.name), p.version, p.specifier, String(p.manifest.tools.length), describe(p.permissions).join('; ') || colors.dim('none')]), ['PLUGIN', 'VERSION', 'FROM', 'TOOLS', 'PERMISSIONS']))
  return 0
}

export async function pluginBuildCommand(dir: string | undefined, o: GlobalOptions): Promise<number> {
  const r = await bundlePlugin({ dir: resolve(dir ?? '.') })
  if (o.json) printJson(r)
  else line(`built ${r.outfile} (${r.bytes} bytes)`)
  return 0
}

export async function pluginCreateCommand(name: string, o: GlobalOptions & { dir?: string }): Promise<number> {
  const { scaffoldPlugin } = await import('../../plugins/scaffoldPlugin.ts')
  const r = scaffoldPlugin(name, resolve(o.cwd ?? '.', o.dir ?? '.'))
  if (o.json) printJson(r)
  else {
    line(`created ${r.dir}`)
    for (const f of r.files) line(`  ${f}`)
    line(colors.dim(`\nNext: mmm plugin build ${r.dir} · add '${r.dir}' to "plugins" in mmm.config.ts · mmm ${name} hello --name Ada`))
  }
  return 0
}
