// Every spec in specs/*.md, parsed; a problem in one file is an error naming it.
import type { PluginContext } from '@mmm/kernel/plugin'
import { coded } from './orderSpecs.ts'
import { parseSpec } from './parseSpec.ts'
import type { Spec } from './types.ts'

export const SPEC_DIR = 'specs'

export async function loadSpecs(ctx: PluginContext): Promise<Spec[]> {
  const st = await ctx.fs.stat(SPEC_DIR).catch(() => null)
  if (!st || st.type !== 'directory') return []
  const files = (await ctx.fs.list(SPEC_DIR)).filter((e) => e.type === 'file' && e.name.endsWith('.md') && e.name.toLowerCase() !== 'readme.md')
  const texts = await ctx.fs.readMany(files.map((f) => `${SPEC_DIR}/${f.name}`))
  const specs = texts.map((t) => {
    if (t.content === undefined) throw coded('MMM_SPEC_INVALID', `cannot read ${t.path}: ${t.error?.message ?? 'unreadable'}`)
    return parseSpec(t.path, t.content)
  })
  const seen = new Map<string, string>()
  for (const s of specs) {
    const other = seen.get(s.id)
    if (other) throw coded('MMM_SPEC_INVALID', `two specs have the id "${s.id}": ${other} and ${s.file}`)
    seen.set(s.id, s.file)
  }
  return specs
}

export async function findSpec(ctx: PluginContext, id: string): Promise<Spec> {
  const specs = await loadSpecs(ctx)
  const s = specs.find((x) => x.id === id)
  if (!s) throw coded('MMM_SPEC_NOT_FOUND', `no spec "${id}" in ${SPEC_DIR}/ (${specs.length ? `there: ${specs.map((x) => x.id).join(', ')}` : 'there is none: mmm spec add <name>'})`)
  return s
}
