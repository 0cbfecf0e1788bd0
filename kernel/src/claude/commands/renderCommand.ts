// Fills a command template: {{name}} from the arguments (or their defaults), {{args}} for the extra
// positional words, {{diff}} / {{staged}} from git (cut in the middle to a budget when huge).
import { execFileSync } from 'node:child_process'
import { MmmError } from '../../errors.ts'
import { truncateMiddle } from '../buildContext.ts'
import type { CommandTemplate } from './loadCommands.ts'

const VAR = /\{\{\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*\}\}/g
/** The git context a template may embed, at most this many tokens each. */
const GIT_BUDGET_TOKENS = 40_000

export interface ParsedArgs {
  values: Record<string, string>
  rest: string[]
}

/** `--name value`, `--name=value` and positionals (which fill the declared arguments in order). */
export function parseCommandArgs(t: CommandTemplate, argv: string[]): ParsedArgs {
  const values: Record<string, string> = {}
  const positional: string[] = []
  const known = new Set(t.arguments.map((a) => a.name))
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const m = /^--([a-zA-Z][a-zA-Z0-9_-]*)(?:=(.*))?$/.exec(a)
    if (!m) {
      positional.push(a)
      continue
    }
    const name = m[1]!
    if (!known.has(name)) throw new MmmError('MMM_INVALID_INPUT', `command "${t.name}" has no argument --${name}; it takes ${t.arguments.map((x) => `--${x.name}`).join(', ') || 'no arguments'}`)
    const value = m[2] ?? argv[++i]
    if (value === undefined) throw new MmmError('MMM_INVALID_INPUT', `--${name} needs a value`)
    values[name] = value
  }
  const rest: string[] = []
  for (const p of positional) {
    const slot = t.arguments.find((x) => values[x.name] === undefined)
    if (slot) values[slot.name] = p
    else rest.push(p)
  }
  return { values, rest }
}

export function renderCommand(t: CommandTemplate, args: ParsedArgs, root: string): string {
  const missing = t.arguments.filter((a) => a.required && args.values[a.name] === undefined).map((a) => a.name)
  if (missing.length) {
    throw new MmmError('MMM_INVALID_INPUT', `command "${t.name}" needs ${missing.map((m) => `--${m}`).join(', ')} (${t.arguments.filter((a) => missing.includes(a.name)).map((a) => a.description ?? a.name).join('; ')})`)
  }
  const declared = new Map(t.arguments.map((a) => [a.name, a]))
  return t.body.replace(VAR, (_, name: string) => {
    if (declared.has(name)) return args.values[name] ?? declared.get(name)!.default ?? ''
    if (name === 'args') return args.rest.join(' ')
    if (name === 'diff') return git(root, ['diff', 'HEAD']) || git(root, ['diff']) || '(no uncommitted changes)'
    if (name === 'staged') return git(root, ['diff', '--staged']) || '(nothing is staged)'
    throw new MmmError('MMM_BAD_CONFIG', `command template ${t.file} uses {{${name}}}, which is neither one of its arguments nor args, diff or staged`)
  })
}

function git(root: string, args: string[]): string {
  try {
    const out = execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] })
    return truncateMiddle(out.trimEnd(), GIT_BUDGET_TOKENS)
  } catch {
    return ''
  }
}
