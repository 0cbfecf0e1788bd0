// A new session: the project must be a git repository with a commit (or --init-git makes one); the analyzer
// finds the languages, the project's commands and the focus areas; a worktree on a new branch is made from HEAD.
import type { CallContext, PluginContext } from '@mmm/kernel/plugin'
import { noUsage } from './addUsage.ts'
import { coded } from './coded.ts'
import { runProjectCommand } from './measure.ts'
import { COMMAND_KINDS, type CommandKind, type Session, type Settings } from './types.ts'
import { createWorktree, identityArgs } from './worktree.ts'

interface Report {
  languages?: Array<{ name: string }>
  project?: { commands?: Partial<Record<CommandKind, { command: string; source: string }>> }
  focus?: Array<{ area: string; severity: string; summary: string }>
  score?: { score: number }
}

export async function createSession(ctx: PluginContext, call: CallContext, settings: Settings, o: { initGit?: boolean }): Promise<Session> {
  let st = await ctx.git.status().catch(() => undefined)
  if (!st && o.initGit) st = await initGit(ctx)
  if (!st) throw coded('MMM_LOOP_NOT_GIT', `${ctx.root} is not a git repository: mmm improve works on a branch of its own and never touches your files. Run git init and commit, or pass --init-git`)
  if (!st.head) throw coded('MMM_LOOP_NO_COMMIT', 'the repository has no commit yet: commit your files first (mmm improve works on a branch made from HEAD)')
  // Claude reviews every iteration: find out it cannot be reached now, not after the baseline ran the project's
  // checks (minutes on a large project). Other failures (the models list itself) are left to the review.
  await call.claude.models().catch((e: Error & { code?: string }) => {
    if (e.code === 'MMM_NOT_CONFIGURED' || e.code === 'MMM_PERMISSION_DENIED') throw e
  })
  call.progress(0, settings.maxIterations, 'analyzing the project')
  const report = await call.tools.call<Report>('analyzer.analyze', {}).catch((e: Error & { code?: string }) => {
    if (e.code === 'MMM_TOOL_NOT_FOUND' || e.code === 'MMM_PERMISSION_DENIED') return undefined
    throw e
  })
  const detected = report?.project?.commands ?? {}
  const commands: Partial<Record<CommandKind, string>> = {}
  for (const kind of COMMAND_KINDS) {
    const c = settings.commands[kind] ?? detected[kind]?.command
    if (c) commands[kind] = c
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)
  const id = `improve-${stamp}-${Math.random().toString(36).slice(2, 6)}`
  const wt = await createWorktree(ctx, id)
  const now = new Date().toISOString()
  const s: Session = {
    id,
    status: 'running',
    createdAt: now,
    updatedAt: now,
    branch: wt.branch,
    worktree: wt.path,
    linked: wt.linked,
    noise: [],
    commands,
    base: { sha: st.head, branch: st.branch, dirty: st.files.some((f) => !f.path.startsWith('.mmm/')) },
    settings,
    phase: 'prepare',
    iterations: [],
    baselineUsage: noUsage(),
    usage: noUsage(),
    ...(report ? { analysis: { languages: (report.languages ?? []).slice(0, 8).map((l) => l.name), commands: detected, focus: (report.focus ?? []).slice(0, 5).map((f) => ({ area: f.area, severity: f.severity, summary: f.summary })), score: report.score?.score ?? 0 } } : {}),
  }
  for (const command of settings.setup) {
    call.progress(0, settings.maxIterations, `setting up the worktree: ${command}`)
    const r = await runProjectCommand(ctx, s.worktree, command, settings.commandTimeoutSeconds)
    if (r.code !== 0) throw coded('MMM_LOOP_SETUP_FAILED', `the setup command \`${command}\` failed in ${s.worktree} (exit ${r.code ?? 'timeout'}): ${`${r.stdout}${r.stderr}`.trim().slice(-500)}`)
  }
  return s
}

async function initGit(ctx: PluginContext) {
  const git = (args: string[]) => ctx.exec.run('git', args, { timeoutMs: 60_000 })
  if ((await git(['init', '-q'])).code !== 0) return undefined
  await git(['add', '--all'])
  const c = await git([...(await identityArgs(ctx)), 'commit', '-q', '-m', 'Initial commit (mmm improve --init-git)'])
  if (c.code !== 0) throw coded('MMM_LOOP_GIT', `git init worked but the first commit failed: ${c.stderr.trim()}`)
  return ctx.git.status()
}
