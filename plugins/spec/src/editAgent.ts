// The agent that edits code for `spec run`: a tool-use conversation in which Claude lists, reads, writes and
// edits files of one directory (the spec's git worktree) through the plugin's fs capability. With the
// claude-code provider the CLI edits the files itself in that directory, so one call does the work.
import type { CallContext, ClaudeContentBlock, ClaudeMessageParam, ClaudeToolSpec, PluginContext } from '@mmm/kernel/plugin'

export interface AgentResult {
  text: string
  turns: number
  inputTokens: number
  outputTokens: number
  costUsd: number
  filesWritten: string[]
}

const TOOLS: ClaudeToolSpec[] = [
  { name: 'list_files', description: 'List the files under a directory of the project (relative path, "" for the root)', input_schema: { type: 'object', properties: { dir: { type: 'string' } } } },
  { name: 'read_file', description: 'Read a text file of the project', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'write_file', description: 'Create or overwrite a text file of the project with the given content', input_schema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] } },
  { name: 'replace_in_file', description: 'Replace one exact occurrence of old_text with new_text in a file', input_schema: { type: 'object', properties: { path: { type: 'string' }, old_text: { type: 'string' }, new_text: { type: 'string' } }, required: ['path', 'old_text', 'new_text'] } },
]

export async function runEditAgent(ctx: PluginContext, call: CallContext, root: string, prompt: string, maxTurns = 25): Promise<AgentResult> {
  const out: AgentResult = { text: '', turns: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, filesWritten: [] }
  const inside = (p: unknown): string => {
    const rel = String(p ?? '').replace(/^\.?\/+/, '')
    if (rel.split('/').includes('..') || rel.startsWith('/')) throw new Error(`"${String(p)}" is outside the project`)
    return rel === '' ? root : `${root}/${rel}`
  }
  const tool = async (name: string, input: Record<string, unknown>): Promise<string> => {
    if (name === 'list_files') {
      const base = inside(input.dir)
      const files = (await ctx.fs.walk({ patterns: [`${base}/**`], limit: 2000 })) as string[]
      return files.map((f) => f.slice(root.length + 1)).join('\n') || '(no files)'
    }
    if (name === 'read_file') return ctx.fs.read(inside(input.path))
    if (name === 'write_file') {
      await ctx.fs.write(inside(input.path), String(input.content ?? ''))
      out.filesWritten.push(String(input.path))
      return 'written'
    }
    if (name === 'replace_in_file') {
      const file = inside(input.path)
      const text = await ctx.fs.read(file)
      const old = String(input.old_text ?? '')
      const at = old ? text.indexOf(old) : -1
      if (at < 0) return 'error: old_text was not found in the file; read it again and give the exact text'
      if (text.indexOf(old, at + 1) >= 0) return 'error: old_text occurs more than once; give more surrounding text'
      await ctx.fs.write(file, text.slice(0, at) + String(input.new_text ?? '') + text.slice(at + old.length))
      out.filesWritten.push(String(input.path))
      return 'replaced'
    }
    return `error: no tool "${name}"`
  }
  const messages: ClaudeMessageParam[] = [{ role: 'user', content: prompt }]
  for (let turn = 1; turn <= maxTurns; turn++) {
    call.signal.throwIfAborted()
    const r = await call.claude.message({ task: 'implement', messages, tools: TOOLS, cwd: root, permissionMode: 'acceptEdits', max_tokens: 8000 })
    out.turns = turn
    out.inputTokens += r.usage.inputTokens + r.usage.cacheReadTokens + r.usage.cacheWriteTokens
    out.outputTokens += r.usage.outputTokens
    out.costUsd += r.costUsd
    out.text = r.text
    if (r.provider === 'claude-code' || r.stopReason !== 'tool_use' || r.toolUses.length === 0) return out
    messages.push({ role: 'assistant', content: r.content })
    const results: ClaudeContentBlock[] = []
    for (const u of r.toolUses) {
      let content: string
      let isError = false
      try {
        content = await tool(u.name, (u.input ?? {}) as Record<string, unknown>)
      } catch (e) {
        content = `error: ${e instanceof Error ? e.message : String(e)}`
        isError = true
      }
      results.push({ type: 'tool_result', tool_use_id: u.id, content, ...(isError ? { is_error: true } : {}) })
    }
    messages.push({ role: 'user', content: results })
  }
  return out
}
