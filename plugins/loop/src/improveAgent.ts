// The agent that edits code: with the api provider a tool-use conversation over agentTools (confined to the
// worktree); with claude-code one call that lets the CLI edit the worktree itself. Either way the agent only
// proposes: the loop measures the result and decides.
import type { CallContext, ClaudeContentBlock, ClaudeMessageParam } from '@mmm/kernel/plugin'
import { addUsage } from './addUsage.ts'
import { AGENT_TOOLS, type AgentToolbox } from './agentTools.ts'
import type { Settings, Usage } from './types.ts'

export interface AgentOutcome {
  summary: string
  turns: number
  provider: 'api' | 'claude-code'
}

const SYSTEM = `You improve the code of a software project by editing its files with your tools. Fix the issues you are given, smallest sound change first; keep the project's style; do not touch unrelated code. Never delete or weaken a test to make it pass. Run the project's checks (run_check) after your edits when they exist. When you are done, answer with a short summary of what you changed and why, without calling a tool.`

export async function runImproveAgent(call: CallContext, o: { dir: string; session: string; settings: Settings; prompt: string; toolbox: AgentToolbox; usage: Usage; onTurn?: (turn: number) => Promise<void> }): Promise<AgentOutcome> {
  const messages: ClaudeMessageParam[] = [{ role: 'user', content: o.prompt }]
  let summary = ''
  for (let turn = 1; turn <= o.settings.agentTurns; turn++) {
    call.signal.throwIfAborted()
    await o.onTurn?.(turn)
    const r = await call.claude.message({
      task: 'implement',
      system: SYSTEM,
      messages,
      tools: AGENT_TOOLS,
      max_tokens: 8000,
      // The terminal shows the loop's phases; the agent's own words go into the summary and the commit.
      stream: false,
      run: o.session,
      cwd: o.dir,
      permissionMode: 'acceptEdits',
      ...(o.settings.provider ? { provider: o.settings.provider } : {}),
    })
    addUsage(o.usage, r)
    summary = r.text.trim() || summary
    if (r.provider === 'claude-code' || r.stopReason !== 'tool_use' || r.toolUses.length === 0) return { summary, turns: turn, provider: r.provider }
    messages.push({ role: 'assistant', content: r.content })
    const results: ClaudeContentBlock[] = []
    for (const u of r.toolUses) {
      call.signal.throwIfAborted()
      try {
        results.push({ type: 'tool_result', tool_use_id: u.id, content: await o.toolbox.run(u.name, (u.input ?? {}) as Record<string, unknown>) })
      } catch (e) {
        results.push({ type: 'tool_result', tool_use_id: u.id, content: `error: ${e instanceof Error ? e.message : String(e)}`, is_error: true })
      }
    }
    messages.push({ role: 'user', content: results })
  }
  return { summary: summary || `stopped after ${o.settings.agentTurns} turns`, turns: o.settings.agentTurns, provider: 'api' }
}
