// Finds workflows: `.mmm/workflows/*.yaml` (and .yml) by file name or by their `name:`, or a path to a file.
import type { PluginContext } from '@mmm/kernel/plugin'
import { mergeWorkflows } from './mergeWorkflows.ts'
import { formatErrors, parseWorkflow, readWorkflowYaml, type ParseResult, type WorkflowError } from './parseWorkflow.ts'
import type { Workflow } from './types.ts'

export const WORKFLOW_DIR = '.mmm/workflows'

export interface WorkflowFile {
  file: string
  name: string
  description?: string
  errors?: WorkflowError[]
}

/** Workflows a preset ships as text (the plugin's `workflows` option: a label ending in .yaml → its YAML). */
let shipped = new Map<string, string>()
export function shipWorkflows(files: ReadonlyMap<string, string>): void {
  shipped = new Map(files)
}

/** A shipped workflow's text, else the project file's. */
export function readText(ctx: PluginContext, file: string): Promise<string> {
  const text = shipped.get(file)
  return text !== undefined ? Promise.resolve(text) : ctx.fs.read(file)
}

/** Parses a workflow file, with the chain of workflows it extends (at most 5 deep, no cycles). */
export async function parseFile(ctx: PluginContext, file: string, text?: string): Promise<ParseResult> {
  const body = text ?? (await readText(ctx, file))
  const first = readWorkflowYaml(body)
  if (!first.ok) return first
  const raw = first.raw as Record<string, unknown> | null
  if (!raw || typeof raw !== 'object' || raw.extends === undefined) return parseWorkflow(body, undefined, first)
  const chain: string[] = [file]
  const parentOf = async (name: unknown, from: string): Promise<Record<string, unknown>> => {
    if (typeof name !== 'string' || name === '') throw coded('MMM_WORKFLOW_INVALID', `${from}: extends: names a workflow (its name or file)`)
    const parentFile = /\.ya?ml$/.test(name) ? name : await fileOf(ctx, name)
    if (chain.includes(parentFile) || chain.length > 5) throw coded('MMM_WORKFLOW_INVALID', `${file}: extends goes round in a circle or too deep: ${[...chain, parentFile].join(' → ')}`)
    chain.push(parentFile)
    const p = readWorkflowYaml(await readText(ctx, parentFile))
    if (!p.ok) throw coded('MMM_WORKFLOW_INVALID', `${parentFile} (extended by ${from}) is not valid YAML:\n${formatErrors(parentFile, p.errors)}`)
    const praw = (p.raw ?? {}) as Record<string, unknown>
    return praw.extends === undefined ? praw : mergeWorkflows(await parentOf(praw.extends, parentFile), praw)
  }
  return parseWorkflow(body, await parentOf(raw.extends, file), first)
}

/** `.mmm/workflows/<name>.yaml` (or `.yml`) when it exists: the common case, found without listing. */
async function namedFile(ctx: PluginContext, name: string): Promise<string | undefined> {
  for (const ext of ['yaml', 'yml']) {
    const candidate = `${WORKFLOW_DIR}/${name}.${ext}`
    if ((await ctx.fs.stat(candidate).catch(() => null))?.type === 'file') return candidate
  }
  return undefined
}

/** The file of the workflow `extends` names: by its `name:` (only read, not resolved: resolving would extend again). */
async function fileOf(ctx: PluginContext, name: string): Promise<string> {
  const named = await namedFile(ctx, name)
  if (named) return named
  for (const file of await workflowFiles(ctx)) {
    const r = readWorkflowYaml(await readText(ctx, file).catch(() => ''))
    if (r.ok && (r.raw as { name?: unknown } | null)?.name === name) return file
  }
  throw coded('MMM_WORKFLOW_NOT_FOUND', `no workflow "${name}" to extend in ${WORKFLOW_DIR}/, the include directories or the preset's workflows`)
}

/** More directories inside the project to find workflows in (the plugin's `include` option). */
let extraDirs: string[] = []
export function includeDirs(dirs: readonly string[]): void {
  extraDirs = [...dirs]
}

/** The project's own directory may well not exist; an include that cannot be used is a mistake to show, once. */
const warnedIncludes = new Set<string>()
function warnInclude(ctx: PluginContext, dir: string, why: string): void {
  if (dir === WORKFLOW_DIR || warnedIncludes.has(dir)) return
  warnedIncludes.add(dir)
  ctx.log.warn(`workflow plugin: include "${dir}" ${why}; it must be a directory inside the project`)
}

/** Every workflow file, in the order names win: the project's, the include directories', then the shipped ones. */
async function workflowFiles(ctx: PluginContext): Promise<string[]> {
  const files: string[] = []
  const seen = new Set<string>()
  // The project's own first: a project workflow of the same name wins over an included one.
  for (const dir of [WORKFLOW_DIR, ...extraDirs]) {
    const stat = await ctx.fs.stat(dir).catch((e: Error) => {
      warnInclude(ctx, dir, `cannot be read (${e.message})`)
      return null
    })
    if (!stat || stat.type !== 'directory') {
      warnInclude(ctx, dir, stat ? `is a ${stat.type}` : 'does not exist')
      continue
    }
    for (const e of await ctx.fs.list(dir)) {
      if (e.type !== 'file' || !/\.ya?ml$/.test(e.name) || seen.has(e.name)) continue
      seen.add(e.name)
      files.push(`${dir}/${e.name}`)
    }
  }
  // Then what a preset ships: a project (or included) file of the same name wins.
  for (const label of shipped.keys()) {
    const name = label.slice(label.lastIndexOf('/') + 1)
    if (seen.has(name)) continue
    seen.add(name)
    files.push(label)
  }
  return files
}

export async function listWorkflows(ctx: PluginContext): Promise<WorkflowFile[]> {
  const out: WorkflowFile[] = []
  for (const file of await workflowFiles(ctx)) {
    const r = await parseFile(ctx, file).catch((e: Error) => ({ ok: false as const, errors: [{ message: e.message, line: 0, col: 0, path: 'extends' }] }))
    const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '')
    out.push(r.ok ? { file, name: r.workflow.name, ...(r.workflow.description ? { description: r.workflow.description } : {}) } : { file, name: base, errors: r.errors })
  }
  return out
}

export async function loadWorkflow(ctx: PluginContext, nameOrFile: string): Promise<{ file: string; workflow: Workflow }> {
  if (!/\.ya?ml$/.test(nameOrFile) && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(nameOrFile)) {
    // A file named after its workflow, without reading every other workflow.
    const candidate = await namedFile(ctx, nameOrFile)
    if (candidate) {
      const r = await parseFile(ctx, candidate)
      if (!r.ok) throw coded('MMM_WORKFLOW_INVALID', `${candidate} is not a valid workflow:\n${formatErrors(candidate, r.errors)}`)
      if (r.workflow.name === nameOrFile) return { file: candidate, workflow: r.workflow }
    }
  }
  let file = nameOrFile
  if (!/\.ya?ml$/.test(nameOrFile)) {
    const all = await listWorkflows(ctx)
    const found = all.find((w) => w.name === nameOrFile)?.file ?? all.find((w) => w.file.endsWith(`/${nameOrFile}.yaml`) || w.file.endsWith(`/${nameOrFile}.yml`))?.file
    if (!found) throw coded('MMM_WORKFLOW_NOT_FOUND', `no workflow "${nameOrFile}" in ${WORKFLOW_DIR}/ (${all.length ? `there: ${all.map((w) => w.name).join(', ')}` : 'it has none'}); mmm workflow list shows them`)
    file = found
  }
  const text = await readText(ctx, file).catch((e: unknown) => {
    throw coded('MMM_WORKFLOW_NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`)
  })
  const r = await parseFile(ctx, file, text)
  if (!r.ok) throw coded('MMM_WORKFLOW_INVALID', `${file} is not a valid workflow:\n${formatErrors(file, r.errors)}`)
  return { file, workflow: r.workflow }
}

export function coded(code: string, message: string): Error {
  const e = new Error(message) as Error & { code: string }
  e.code = code
  return e
}
