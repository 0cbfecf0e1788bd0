// The tools of the editing agent, the way Anthropic's text-editor tool works (view with line numbers, exact
// string replacement, create), plus listing, searching and running the project's own checks. Every path is
// relative to the worktree and confined to it (and to --scope for edits), through the plugin's fs capability.
import type { ClaudeToolSpec, PluginContext } from '@mmm/kernel/plugin'
import { inScope } from './inScope.ts'
import { runProjectCommand } from './measure.ts'
import { COMMAND_KINDS, type CommandKind } from './types.ts'

export const AGENT_TOOLS: ClaudeToolSpec[] = [
  { name: 'list_files', description: 'List the files under a directory of the project ("" for the root); .gitignored files are left out', input_schema: { type: 'object', properties: { dir: { type: 'string' } } } },
  { name: 'search_files', description: 'Search the project\'s files for a regular expression (git grep -E); answers file:line:text', input_schema: { type: 'object', properties: { pattern: { type: 'string' }, path: { type: 'string', description: 'Limit to this directory or file' } }, required: ['pattern'] } },
  { name: 'read_file', description: 'Read a text file, with line numbers; optionally only lines start_line..end_line', input_schema: { type: 'object', properties: { path: { type: 'string' }, start_line: { type: 'integer' }, end_line: { type: 'integer' } }, required: ['path'] } },
  { name: 'str_replace', description: 'Replace exactly one occurrence of old_str in a file with new_str (old_str must match the file exactly, whitespace included, and be unique)', input_schema: { type: 'object', properties: { path: { type: 'string' }, old_str: { type: 'string' }, new_str: { type: 'string' } }, required: ['path', 'old_str', 'new_str'] } },
  { name: 'create_file', description: 'Create a file (or overwrite one) with the given text', input_schema: { type: 'object', properties: { path: { type: 'string' }, file_text: { type: 'string' } }, required: ['path', 'file_text'] } },
  { name: 'run_check', description: 'Run one of the project\'s own checks in the project and see its exit code and last output lines', input_schema: { type: 'object', properties: { check: { type: 'string', enum: [...COMMAND_KINDS] } }, required: ['check'] } },
]

const MAX_READ = 100_000
const TAIL = 4000

export interface AgentToolbox {
  run(name: string, input: Record<string, unknown>): Promise<string>
  /** Files the agent created or edited. */
  written: Set<string>
}

export function agentToolbox(ctx: PluginContext, root: string, scope: string[], commands: Partial<Record<CommandKind, string>>, timeoutSeconds: number, linked: string[] = []): AgentToolbox {
  const written = new Set<string>()
  const rel = (p: unknown, what: string): string => {
    const r = String(p ?? '').trim().replace(/^\.\/+/, '').replace(/\/+$/, '')
    if (r.startsWith('/') || r.split('/').includes('..')) throw new Error(`${what} "${String(p)}" is outside the project: give a path relative to its root`)
    if (r === '.git' || r.startsWith('.git/')) throw new Error('.git is not yours to change')
    return r === '.' ? '' : r
  }
  const abs = (r: string) => (r ? `${root}/${r}` : root)
  const editable = (r: string) => {
    if (!r) throw new Error('give a file path')
    // Linked dependency folders are the user's own (node_modules of the main tree): never edited.
    if (linked.some((d) => r === d || r.startsWith(`${d}/`))) throw new Error(`${r} is in ${r.split('/')[0]}, the project's installed dependencies: change the project's own files`)
    if (!inScope(r, scope)) throw new Error(`${r} is outside the scope of this session (${scope.join(', ')}): change only files there`)
  }
  const tools: Record<string, (i: Record<string, unknown>) => Promise<string>> = {
    async list_files(i) {
      // git's view of the worktree: tracked and new files, its own .gitignore honoured.
      const dir = rel(i.dir, 'dir')
      const r = await ctx.exec.run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...(dir ? [dir] : [])], { cwd: root, timeoutMs: 30_000 })
      if (r.code !== 0) throw new Error(r.stderr.trim().split('\n').pop() ?? 'git ls-files failed')
      const list = [...new Set(r.stdout.split('\n').filter(Boolean))]
      return list.length ? `${list.slice(0, 1000).join('\n')}${list.length > 1000 ? `\n(${list.length - 1000} more files: list a subdirectory)` : ''}` : '(no files)'
    },
    async search_files(i) {
      const pattern = String(i.pattern ?? '')
      if (!pattern) throw new Error('give a pattern')
      const path = i.path === undefined ? '' : rel(i.path, 'path')
      const r = await ctx.exec.run('git', ['grep', '-n', '-I', '-E', '--no-color', '-e', pattern, '--', ...(path ? [path] : [])], { cwd: root, timeoutMs: 30_000 })
      if (r.code === 1) return '(no matches)'
      if (r.code !== 0) throw new Error(r.stderr.trim().split('\n').pop() ?? 'git grep failed')
      const lines = r.stdout.split('\n').filter(Boolean)
      return lines.slice(0, 200).map((l) => l.slice(0, 300)).join('\n') + (lines.length > 200 ? `\n(${lines.length - 200} more matches)` : '')
    },
    async read_file(i) {
      const r = rel(i.path, 'path')
      const text = await ctx.fs.read(abs(r))
      const lines = text.split('\n')
      const from = Math.max(1, Number(i.start_line ?? 1) || 1)
      const to = Math.min(lines.length, Number(i.end_line ?? lines.length) || lines.length)
      const out = lines.slice(from - 1, to).map((l, k) => `${String(from + k).padStart(6)}\t${l}`).join('\n')
      return out.length > MAX_READ ? `${out.slice(0, MAX_READ)}\n(cut at ${MAX_READ} characters: read a line range)` : out
    },
    async str_replace(i) {
      const r = rel(i.path, 'path')
      editable(r)
      const text = await ctx.fs.read(abs(r))
      const old = String(i.old_str ?? '')
      const at = old ? text.indexOf(old) : -1
      if (at < 0) throw new Error('old_str was not found in the file; read it again and copy the exact text')
      if (text.indexOf(old, at + 1) >= 0) throw new Error('old_str occurs more than once; include more surrounding lines so it is unique')
      await ctx.fs.write(abs(r), text.slice(0, at) + String(i.new_str ?? '') + text.slice(at + old.length))
      written.add(r)
      return `edited ${r}`
    },
    async create_file(i) {
      const r = rel(i.path, 'path')
      editable(r)
      await ctx.fs.write(abs(r), String(i.file_text ?? ''))
      written.add(r)
      return `wrote ${r}`
    },
    async run_check(i) {
      const kind = String(i.check) as CommandKind
      const command = commands[kind]
      if (!command) return `this project has no ${kind} command`
      const r = await runProjectCommand(ctx, root, command, timeoutSeconds)
      return `$ ${command}\nexit ${r.timedOut ? 'timeout' : r.code}\n${`${r.stdout}\n${r.stderr}`.trim().slice(-TAIL)}`
    },
  }
  return {
    written,
    run: async (name, input) => {
      const fn = tools[name]
      if (!fn) throw new Error(`no tool "${name}" (tools: ${Object.keys(tools).join(', ')})`)
      return fn(input)
    },
  }
}
