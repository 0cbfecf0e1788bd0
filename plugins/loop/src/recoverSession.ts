// After a crash, a kill or a stop: finish a journaled commit (an accepted iteration whose commit may or may not
// have happened), mark an unfinished iteration interrupted, and put the worktree back to the last accepted
// commit — so no accepted work is lost and no half-applied edit stays.
import type { PluginContext } from '@mmm/kernel/plugin'
import { coded } from './coded.ts'
import type { Session } from './types.ts'
import { changedFiles, commitFiles, rollback } from './worktree.ts'

export async function recoverSession(ctx: PluginContext, s: Session): Promise<void> {
  if ((await ctx.fs.stat(s.worktree))?.type !== 'directory') {
    throw coded('MMM_LOOP_WORKTREE_GONE', `the worktree ${s.worktree} of session ${s.id} is gone; its accepted commits are on branch ${s.branch} (git log ${s.branch}); discard the session with mmm improve --discard ${s.id}`)
  }
  const sha = s.current?.sha ?? s.base.sha
  if (s.pending && s.current) {
    const it = s.iterations.find((i) => i.n === s.pending!.iteration)
    const head = (await ctx.git.log({ cwd: s.worktree, limit: 1 }))[0]
    let commit: string | undefined
    if (head && head.sha !== sha && head.subject === s.pending.message.split('\n')[0]) commit = head.sha
    else if (it && (await changedFiles(ctx, s.worktree, [...s.linked, ...s.noise])).length) commit = await commitFiles(ctx, s.worktree, it.filesChanged, s.pending.message)
    if (commit && it?.signals && it.review && it.score) {
      it.commit = commit
      it.status = 'accepted'
      it.endedAt ??= new Date().toISOString()
      s.current = { sha: commit, signals: it.signals, review: it.review, score: it.score }
    }
    delete s.pending
  }
  const last = s.iterations.at(-1)
  if (last?.status === 'running') {
    last.status = 'interrupted'
    last.reason = 'the process stopped in the middle of this iteration; its changes were rolled back'
    last.endedAt = new Date().toISOString()
  }
  await rollback(ctx, s.worktree, s.current?.sha ?? sha, s.linked)
}
