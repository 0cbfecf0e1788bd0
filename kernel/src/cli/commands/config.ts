import type { Kernel } from '../../createKernel.ts'
import { valueAtKeyPath } from '../../config/keyPath.ts'
import { colors, line, printJson, type GlobalOptions } from '../output.ts'

export async function configCommand(k: Kernel, o: GlobalOptions): Promise<number> {
  const { config, sources, filepath, root, plugins } = k.config
  if (o.json) {
    printJson({ root, file: filepath ?? null, config, plugins, sources })
    return 0
  }
  line(`${colors.bold('root')}    ${root}`)
  line(`${colors.bold('file')}    ${filepath ?? colors.dim('(none: defaults only)')}`)
  line('')
  const keys = Object.keys(sources).sort()
  const width = Math.max(0, ...keys.map((k) => k.length))
  for (const key of keys) {
    const value = JSON.stringify(valueAtKeyPath(config, key))
    line(`${key.padEnd(width)}  ${value ?? colors.dim('(unset)')}  ${colors.dim(`← ${sources[key]}`)}`)
  }
  return 0
}
