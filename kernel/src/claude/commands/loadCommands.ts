// Command templates: Markdown files with YAML frontmatter (gray-matter). The kernel ships built-ins
// (kernel/commands/*.md); presets and the config add or override them with `prompts: { name: "<markdown>" }`
// (a preset reads its own .md files into it); a project adds or overrides them in .mmm/commands/*.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { MmmError } from '../../errors.ts'

export interface CommandArgument {
  name: string
  description?: string
  required?: boolean
  default?: string
}

export interface CommandTemplate {
  name: string
  description: string
  arguments: CommandArgument[]
  /** claude.tasks.<task> picks the model. */
  task?: string
  model?: string
  system?: string
  permissionMode?: 'default' | 'acceptEdits' | 'bypassPermissions' | 'plan'
  maxTokens?: number
  /** Answer from the response cache when run again with the same input. */
  cache: boolean
  body: string
  source: 'builtin' | 'config' | 'project'
  file: string
}

// gray-matter (CommonJS) is loaded on the first template read: importing this module costs nothing.
type Matter = (text: string) => { data: Record<string, unknown>; content: string }
let matterFn: Matter | undefined
const matter: Matter = (text) => {
  matterFn ??= createRequire(import.meta.url)('gray-matter') as Matter
  return matterFn(text)
}

const NAME = /^[a-z][a-z0-9-]{0,63}$/
const MODES = ['default', 'acceptEdits', 'bypassPermissions', 'plan']

/**
 * Built-ins, then the config's `prompts` (presets' included: the resolved config merges them), then the
 * project's files; a later one of the same name wins. Sorted by name.
 */
export function loadCommands(root: string, prompts: Record<string, string> = {}): Map<string, CommandTemplate> {
  const out = new Map<string, CommandTemplate>()
  const fromDir = (dir: string | undefined, source: CommandTemplate['source']) => {
    if (!dir || !existsSync(dir)) return
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
      const t = parseCommand(path.join(dir, f), source)
      out.set(t.name, t)
    }
  }
  fromDir(builtinDir(), 'builtin')
  for (const [name, text] of Object.entries(prompts)) {
    const t = parseCommandText(name, text, 'config', `config prompts.${name}`)
    out.set(t.name, t)
  }
  fromDir(path.join(root, '.mmm', 'commands'), 'project')
  return new Map([...out].sort((a, b) => a[0].localeCompare(b[0])))
}

export function parseCommand(file: string, source: CommandTemplate['source']): CommandTemplate {
  return parseCommandText(path.basename(file, '.md'), readFileSync(file, 'utf8'), source, file)
}

/** One template from its Markdown text; `where` names it in errors (a file, or the config key). */
export function parseCommandText(name: string, text: string, source: CommandTemplate['source'], where: string): CommandTemplate {
  const file = where
  const bad = (problem: string): never => {
    throw new MmmError('MMM_BAD_CONFIG', `command template ${file}: ${problem}`)
  }
  if (!NAME.test(name)) bad('the name must be lower-case letters, digits and dashes (it is the command name)')
  let parsed: { data: Record<string, unknown>; content: string }
  try {
    parsed = matter(text)
  } catch (e) {
    return bad(`the frontmatter is not valid YAML (${(e as Error).message})`)
  }
  const d = parsed.data
  const str = (k: string): string | undefined => {
    const v = d[k]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'string' || !v) bad(`"${k}" must be a non-empty string`)
    return v as string
  }
  const args = d.arguments ?? []
  if (!Array.isArray(args)) bad('"arguments" must be a list of { name, description?, required?, default? }')
  const argumentsList = (args as unknown[]).map((a, i) => {
    const x = a as Record<string, unknown>
    if (!x || typeof x.name !== 'string' || !/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(x.name)) bad(`arguments[${i}] needs a name (letters, digits, "_" or "-")`)
    if (x.default !== undefined && typeof x.default !== 'string' && typeof x.default !== 'number' && typeof x.default !== 'boolean') bad(`arguments[${i}].default must be a string`)
    return {
      name: x.name as string,
      ...(typeof x.description === 'string' ? { description: x.description } : {}),
      ...(x.required === true ? { required: true } : {}),
      ...(x.default !== undefined ? { default: String(x.default) } : {}),
    }
  })
  const permissionMode = str('permissionMode')
  if (permissionMode && !MODES.includes(permissionMode)) bad(`"permissionMode" must be one of ${MODES.join(', ')}`)
  if (d.maxTokens !== undefined && (typeof d.maxTokens !== 'number' || !Number.isInteger(d.maxTokens) || d.maxTokens < 1)) bad('"maxTokens" must be a positive integer')
  const body = parsed.content.trim()
  if (!body) bad('the template body (after the frontmatter) is empty')
  const t: CommandTemplate = {
    name,
    description: str('description') ?? name,
    arguments: argumentsList,
    cache: d.cache === true,
    body,
    source,
    file,
  }
  const task = str('task')
  const model = str('model')
  const system = str('system')
  if (task) t.task = task
  if (model) t.model = model
  if (system) t.system = system
  if (permissionMode) t.permissionMode = permissionMode as NonNullable<CommandTemplate['permissionMode']>
  if (typeof d.maxTokens === 'number') t.maxTokens = d.maxTokens
  return t
}

/** kernel/commands, found from src/claude/commands (sources) or dist/chunks (the built CLI). */
function builtinDir(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'commands')
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return candidate
    dir = path.dirname(dir)
  }
  return undefined
}
