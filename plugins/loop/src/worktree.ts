// The session's git worktree (.mmm/worktrees/<id>, branch mmm/<id>): made from the user's HEAD, given the main
// tree's dependency folders as links (a fresh checkout has no node_modules), changed only by the agent, and put
// back to the last accepted commit whenever an iteration is dropped. The user's tree, index and branch are
// never touched.
import type { PluginContext } from '@mmm/kernel/plugin'
import { coded } from './coded.ts'

/** Dependency folders a checkout lacks; linked from the main tree when it has them and git does not track them. */
const DEPENDENCY_DIRS = ['node_modules', '.venv', 'venv', 'vendor/bundle']

export async function createWorktree(ctx: PluginContext, id: string): Promise<{ path: string; branch: string; linked: string[] }> {
  const path = `.mmm/worktrees/${id}`
  const branch = `mmm/${id}`
  await ctx.git.worktree.add(path, { branch })
  const linked: string[] = []
  for (const dir of DEPENDENCY_DIRS) {
    if ((await ctx.fs.stat(dir))?.type !== 'directory' || (await ctx.fs.stat(`${path}/${dir}`))) continue
    const tracked = await ctx.exec.run('git', ['ls-files', '--error-unmatch', '--', dir], { timeoutMs: 30_000 })
    if (tracked.code === 0) continue
    // Arguments after the script: no path is ever spliced into shell text.
    const r = await ctx.exec.run('sh', ['-c', 'mkdir -p "$(dirname "$2")" && ln -s "$1" "$2"', 'link', `${ctx.root}/${dir}`, `${path}/${dir}`], { timeoutMs: 30_000 })
    if (r.code === 0) linked.push(dir)
  }
  return { path, branch, linked }
}

/** Drops every change in the worktree since `sha` (edits, new files), keeping the dependency links. */
export async function rollback(ctx: PluginContext, path: string, sha: string, keep: string[]): Promise<void> {
  await ctx.git.resetTo(sha, { cwd: path, hard: true })
  const r = await ctx.exec.run('git', ['clean', '-fd', ...keep.flatMap((k) => ['-e', `/${k}`]), '--', '.'], { cwd: path, timeoutMs: 60_000 })
  if (r.code !== 0) throw coded('MMM_LOOP_GIT', `could not clean the worktree ${path}: ${r.stderr.trim()}`)
}

/** Files changed in the worktree (tracked or new), without the dependency links and files present at the baseline. */
export async function changedFiles(ctx: PluginContext, path: string, ignore: string[]): Promise<string[]> {
  const st = await ctx.git.status({ cwd: path })
  const skip = new Set(ignore)
  return st.files.map((f) => f.path.replace(/\/$/, '')).filter((f) => !skip.has(f) && !ignore.some((i) => f.startsWith(`${i}/`)))
}

/** `-c user.name=… -c user.email=…` when git has no committer identity here (a fresh machine, CI), else nothing. */
export async function identityArgs(ctx: PluginContext, cwd?: string): Promise<string[]> {
  const r = await ctx.exec.run('git', ['var', 'GIT_COMMITTER_IDENT'], { ...(cwd ? { cwd } : {}), timeoutMs: 30_000 })
  return r.code === 0 ? [] : ['-c', 'user.name=mmm', '-c', 'user.email=mmm@localhost']
}

/** Commits these files (additions, edits and deletions) in the worktree. */
export async function commitFiles(ctx: PluginContext, path: string, files: string[], message: string): Promise<string> {
  const identity = await identityArgs(ctx, path)
  if (identity.length === 0) return (await ctx.git.commit(message, { cwd: path, paths: files })).sha
  const add = await ctx.exec.run('git', ['add', '--all', '--', ...files], { cwd: path, timeoutMs: 60_000 })
  const r = add.code === 0 ? await ctx.exec.run('git', [...identity, 'commit', '-q', '-m', message, '--', ...files], { cwd: path, timeoutMs: 60_000 }) : add
  if (r.code !== 0) throw coded('MMM_LOOP_GIT', `git commit failed in ${path}: ${r.stderr.trim()}`)
  return (await ctx.git.log({ cwd: path, limit: 1 }))[0]!.sha
}

/** The change since `sha` in these files (new files included: they are staged first) and its --stat. */
export async function diffSince(ctx: PluginContext, path: string, sha: string, files: string[]): Promise<{ diff: string; stat: string }> {
  if (files.length === 0) return { diff: '', stat: '' }
  const add = await ctx.exec.run('git', ['add', '--all', '--', ...files], { cwd: path, timeoutMs: 60_000 })
  if (add.code !== 0) throw coded('MMM_LOOP_GIT', `git add failed in ${path}: ${add.stderr.trim()}`)
  const diff = await ctx.exec.run('git', ['diff', '--cached', '--no-color', '--no-ext-diff', sha, '--', ...files], { cwd: path, timeoutMs: 60_000 })
  const stat = await ctx.exec.run('git', ['diff', '--cached', '--no-color', '--stat', sha, '--', ...files], { cwd: path, timeoutMs: 60_000 })
  return { diff: diff.stdout, stat: stat.stdout.trim() }
}

/** Removes the session's worktree and branch (discard, apply, or a session that produced nothing). */
export async function removeWorktree(ctx: PluginContext, s: { worktree: string; branch: string }): Promise<void> {
  if (await ctx.fs.stat(s.worktree)) await ctx.git.worktree.remove(s.worktree, { force: true })
  await ctx.exec.run('git', ['worktree', 'prune'], { timeoutMs: 30_000 })
  await ctx.exec.run('git', ['branch', '-D', s.branch], { timeoutMs: 30_000 })
}
