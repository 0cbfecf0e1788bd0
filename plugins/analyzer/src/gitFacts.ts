// Last commit date, recent activity and churn from git, when the project is a repository (else undefined).
import type { PluginContext } from '@mmm/kernel/plugin'
import type { GitFacts } from './quality/computeHealth.ts'

export async function gitFacts(ctx: PluginContext, base: string): Promise<GitFacts | undefined> {
  try {
    const log = await ctx.exec.run('git', ['log', '--since=90.days', '--name-only', '--format=%x00%aI%x00%ae', '--', base || '.'], { timeoutMs: 20_000 })
    if (log.code !== 0) return undefined
    const churn = new Map<string, number>()
    const authors = new Set<string>()
    let commits = 0
    let last: string | undefined
    for (const line of log.stdout.split('\n')) {
      if (line.startsWith('\0')) {
        const [, date, email] = line.split('\0')
        commits++
        last ??= date
        if (email) authors.add(email)
      } else if (line.trim()) {
        const p = base && line.startsWith(`${base}/`) ? line.slice(base.length + 1) : line
        churn.set(p, (churn.get(p) ?? 0) + 1)
      }
    }
    if (!last) {
      const head = await ctx.exec.run('git', ['log', '-1', '--format=%aI'], { timeoutMs: 10_000 })
      if (head.code === 0 && head.stdout.trim()) last = head.stdout.trim()
    }
    const top = [...churn].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([path, changes]) => ({ path, changes }))
    return { ...(last ? { lastCommitDate: last } : {}), commitsLast90Days: commits, churn: top, contributors: authors.size }
  } catch {
    // Not a repository, git missing, or not granted: the report simply has no git section.
    return undefined
  }
}
