// Taking or dropping a session's work. Apply merges the branch into the user's current branch (or
// cherry-picks its commits), refusing when the user's tree has changes; a conflict is aborted, leaving the
// tree as it was. Discard removes the worktree and the branch.
import type { PluginContext } from '@mmm/kernel/plugin'
import { coded } from './coded.ts'
import type { SessionStore } from './sessionStore.ts'
import type { Session } from './types.ts'
import { identityArgs, removeWorktree } from './worktree.ts'

export async function applySession(ctx: PluginContext, store: SessionStore, s: Session, how: 'merge' | 'cherry-pick'): Promise<Session> {
  if (s.status === 'applied' || s.status === 'discarded') throw coded('MMM_LOOP_SESSION_CLOSED', `session ${s.id} was ${s.status} already`)
  if (s.status === 'running') throw coded('MMM_LOOP_BUSY', `session ${s.id} is running; stop it first (mmm loop stop ${s.id})`)
  if (!s.current || s.current.sha === s.base.sha) throw coded('MMM_LOOP_NOTHING_TO_APPLY', `session ${s.id} has no accepted change to apply; discard it with mmm improve --discard ${s.id}`)
  const st = await ctx.git.status()
  const dirty = st.files.filter((f) => !f.path.startsWith('.mmm/'))
  if (dirty.length) throw coded('MMM_LOOP_DIRTY_TREE', `your working tree has changes (${dirty.slice(0, 3).map((f) => f.path).join(', ')}${dirty.length > 3 ? ', …' : ''}); commit or stash them (git stash -u), then run mmm improve --apply ${s.id} again`)
  const git = (args: string[]) => ctx.exec.run('git', args, { timeoutMs: 120_000 })
  const identity = await identityArgs(ctx)
  const r = how === 'merge'
    ? await git([...identity, 'merge', '--no-edit', '-m', `Merge ${s.branch}: mmm improve ${s.baseline?.score.score ?? '?'} → ${s.current.score.score}`, s.branch])
    : await git([...identity, 'cherry-pick', `${s.base.sha}..${s.branch}`])
  if (r.code !== 0) {
    await git([how === 'merge' ? 'merge' : 'cherry-pick', '--abort'])
    throw coded('MMM_LOOP_CONFLICT', `${how} of ${s.branch} into ${st.branch ?? 'HEAD'} conflicts (${(r.stdout + r.stderr).trim().split('\n').filter((l) => /CONFLICT|error|fatal/i.test(l)).slice(0, 3).join('; ') || 'see git status'}); nothing was changed. Merge it yourself: git merge ${s.branch}`)
  }
  const head = (await ctx.git.log({ limit: 1 }))[0]!.sha
  await removeWorktree(ctx, s)
  s.applied = { how, into: st.branch, sha: head, at: new Date().toISOString() }
  s.status = 'applied'
  await store.save(s)
  return s
}

export async function discardSession(ctx: PluginContext, store: SessionStore, s: Session): Promise<Session> {
  if (s.status === 'applied') throw coded('MMM_LOOP_SESSION_CLOSED', `session ${s.id} was applied already; undo it with git (git log shows its commits)`)
  if (s.status === 'running') throw coded('MMM_LOOP_BUSY', `session ${s.id} is running; stop it first (mmm loop stop ${s.id})`)
  await removeWorktree(ctx, s)
  s.status = 'discarded'
  await store.save(s)
  return s
}
