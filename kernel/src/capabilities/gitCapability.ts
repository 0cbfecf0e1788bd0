// ctx.git on the host: git through the exec machinery (same cwd/env rules, no shell), gated by
// "exec": ["git"]; refs validated and paths passed after '--', so nothing becomes an option.

import { capErrors } from './capabilityErrors.ts'
import { checkArgs, type ArgChecker } from './checkArgs.ts'
import { execAllowed } from './execCapability.ts'
import { LOG_FORMAT, parseLog, parseStatusV2, parseWorktreeList } from './gitParse.ts'
import { validBranchName, validRevision, validRevisionOrRange } from './gitRefs.ts'
import { isGitInternal, isKernelOwned } from './matchGlobs.ts'
import { createRootResolver } from './resolveInside.ts'
import { EXEC_LIMITS, resolveCwd, runCommand } from './runCommand.ts'
import { methodTable } from './methodTable.ts'
import { ensureMmmDir } from '../state/ensureMmmDir.ts'
import type { CapabilityContext, CapabilityMethods } from './types.ts'

/** Git never prompts (no terminal behind a plugin) and never opens an editor. */
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', GCM_INTERACTIVE: 'never' }
/**
 * Global options: pathspecs are literal (no ':(top)' magic), paths unquoted, and a bare repository is
 * only used when named explicitly: a plugin that can write files could otherwise plant one (with a
 * core.fsmonitor command in its config) and have git run it.
 */
const GIT_GLOBAL = ['-c', 'core.quotePath=false', '-c', 'safe.bareRepository=explicit', '--literal-pathspecs']

export function createGitCapability(c: CapabilityContext): CapabilityMethods {
  const { plugin } = c
  const resolver = c.resolver ?? createRootResolver(plugin, c.root)

  /** Checks the grant, validates the options object and resolves its cwd. */
  const begin = async (method: string, options: unknown, keys: readonly string[]) => {
    if (!execAllowed(c.permissions.exec, 'git')) throw capErrors.denied(plugin, `use git (git.${method})`, '"exec": ["git"]')
    const a = checkArgs(plugin, `git.${method}`)
    const o = a.options(options, 'options', ['cwd', ...keys])
    const cwdArg = a.optString(o.cwd, 'options.cwd', { allowEmpty: true })
    return { a, o, cwd: await resolveCwd(c, resolver, cwdArg, `git.${method}`) }
  }

  const git = async (method: string, cwd: string, args: string[], allowFail = false) => {
    const r = await runCommand(c, resolver, { cmd: 'git', args: [...GIT_GLOBAL, ...args], cwd, what: `git.${method}`, extraEnv: GIT_ENV })
    const sub = args[0] ?? ''
    if (r.timedOut) throw capErrors.exec(plugin, `git.${method}: git ${sub} did not finish within ${EXEC_LIMITS.defaultTimeoutMs / 1000} s and was stopped`)
    if (r.truncated) throw capErrors.tooLarge(plugin, `the output of git ${sub}`, EXEC_LIMITS.maxOutputBytes, 'narrow it down (paths, ref, limit)')
    if (r.code !== 0 && !allowFail) {
      const detail = (r.stderr.trim() || r.stdout.trim()).slice(-2000)
      throw capErrors.exec(plugin, `git.${method}: git ${sub} failed (exit ${r.code ?? r.signal})${detail ? `: ${detail}` : ''}`)
    }
    return r
  }

  const revision = (a: ArgChecker, v: unknown, name: string, range: boolean): string | undefined => {
    const ref = a.optString(v, name, { max: 1024 })
    if (ref !== undefined && !(range ? validRevisionOrRange(ref) : validRevision(ref))) {
      a.fail(`${name} ${JSON.stringify(ref)} is not a valid git revision (letters, digits, . _ / + - @, ~N/^N suffixes${range ? ', a..b ranges' : ''}; no leading '-')`)
    }
    return ref
  }

  /** Paths relative to the git cwd, kept inside the project root, passed to git as absolute paths. */
  const pathspecs = async (a: ArgChecker, v: unknown, method: string, cwd: string): Promise<string[]> => {
    const paths = a.optStringArray(v, 'options.paths', 10_000) ?? []
    const out: string[] = []
    for (const p of paths) {
      if (p === '') a.fail('options.paths must not contain an empty path')
      out.push((await resolver.resolve(p, `git.${method}`, cwd)).abs)
    }
    return out
  }

  const status = async (options: unknown) => {
    const { cwd } = await begin('status', options, [])
    return parseStatusV2((await git('status', cwd, ['status', '--porcelain=v2', '--branch', '-z'])).stdout)
  }

  const diff = async (options: unknown) => {
    const { a, o, cwd } = await begin('diff', options, ['staged', 'ref', 'paths'])
    const staged = a.optBool(o.staged, 'options.staged') ?? false
    const ref = revision(a, o.ref, 'options.ref', true)
    const paths = await pathspecs(a, o.paths, 'diff', cwd)
    const args = ['diff', '--no-color', '--no-ext-diff', ...(staged ? ['--cached'] : []), ...(ref ? [ref] : []), '--', ...paths]
    return (await git('diff', cwd, args)).stdout
  }

  const commit = async (message: unknown, options: unknown) => {
    const { a, o, cwd } = await begin('commit', options, ['all', 'paths', 'allowEmpty'])
    const msg = a.string(message, 'message', { max: 100_000 })
    if (msg.trim() === '') a.fail('message must not be blank')
    const all = a.optBool(o.all, 'options.all') ?? false
    const allowEmpty = a.optBool(o.allowEmpty, 'options.allowEmpty') ?? false
    const paths = await pathspecs(a, o.paths, 'commit', cwd)
    if (all && paths.length > 0) a.fail('pass either options.all or options.paths, not both')
    if (all) await git('commit', cwd, ['add', '--all'])
    if (paths.length > 0) await git('commit', cwd, ['add', '--all', '--', ...paths])
    // the message is one argv entry after -m: never a shell, never an option
    await git('commit', cwd, ['commit', '-m', msg, ...(allowEmpty ? ['--allow-empty'] : []), ...(paths.length > 0 ? ['--', ...paths] : [])])
    return { sha: (await git('commit', cwd, ['rev-parse', '--verify', 'HEAD'])).stdout.trim() }
  }

  const stash = async (options: unknown): Promise<void> => {
    const { a, o, cwd } = await begin('stash', options, ['pop', 'message'])
    const pop = a.optBool(o.pop, 'options.pop') ?? false
    const message = a.optString(o.message, 'options.message', { max: 10_000 })
    if (pop && message !== undefined) a.fail('options.message only applies when pushing a stash, not with pop')
    await git('stash', cwd, pop ? ['stash', 'pop'] : ['stash', 'push', ...(message !== undefined ? ['-m', message] : [])])
  }

  const resetTo = async (ref: unknown, options: unknown): Promise<void> => {
    const { a, o, cwd } = await begin('resetTo', options, ['hard'])
    const target = revision(a, ref, 'ref', false)
    if (target === undefined) a.fail('ref is required')
    const hard = a.optBool(o.hard, 'options.hard') ?? false
    await git('resetTo', cwd, ['reset', hard ? '--hard' : '--mixed', target as string, '--'])
  }

  const log = async (options: unknown) => {
    const { a, o, cwd } = await begin('log', options, ['limit', 'ref'])
    const limit = a.optInt(o.limit, 'options.limit', 1, 10_000) ?? 50
    const ref = revision(a, o.ref, 'options.ref', true)
    if (ref === undefined && (await git('log', cwd, ['rev-parse', '--verify', '-q', 'HEAD'], true)).code !== 0) return [] // no commit yet
    return parseLog((await git('log', cwd, ['log', '--no-color', `--format=${LOG_FORMAT}`, `--max-count=${limit}`, ...(ref ? [ref] : []), '--'])).stdout)
  }

  /** A worktree path: inside the project, never inside .git or over the kernel's files. */
  const worktreePath = async (a: ArgChecker, v: unknown, method: string, cwd: string) => {
    const p = a.string(v, 'path')
    const rp = await resolver.resolve(p, `git.${method}`, cwd)
    for (const rel of [rp.rel, rp.realRel]) {
      if (rel === '' && method === 'worktree.add') throw capErrors.outsideRoot(plugin, `git.${method}`, p, 'it is the project root itself')
      if (isGitInternal(rel) || isKernelOwned(rel)) throw capErrors.protectedPath(plugin, `git.${method}`, rel)
    }
    return rp
  }

  const worktreeAdd = async (p: unknown, options: unknown) => {
    const { a, o, cwd } = await begin('worktree.add', options, ['branch', 'ref'])
    const rp = await worktreePath(a, p, 'worktree.add', cwd)
    const branch = a.optString(o.branch, 'options.branch', { max: 255 })
    if (branch !== undefined && !validBranchName(branch)) a.fail(`options.branch ${JSON.stringify(branch)} is not a valid branch name (no leading '-', spaces, '..', '~^:?*[\\', '@{')`)
    const ref = revision(a, o.ref, 'options.ref', false)
    if (rp.realRel === '.mmm' || rp.realRel.startsWith('.mmm/')) ensureMmmDir(c.root)
    await git('worktree.add', cwd, ['worktree', 'add', ...(branch ? ['-b', branch] : []), '--', rp.real, ...(ref ? [ref] : [])])
    const head = await git('worktree.add', rp.real, ['symbolic-ref', '--short', '-q', 'HEAD'], true)
    return { path: rp.realRel, branch: head.code === 0 ? head.stdout.trim() : null }
  }

  const worktreeRemove = async (p: unknown, options: unknown): Promise<void> => {
    const { a, o, cwd } = await begin('worktree.remove', options, ['force'])
    const rp = await worktreePath(a, p, 'worktree.remove', cwd)
    const force = a.optBool(o.force, 'options.force') ?? false
    await git('worktree.remove', cwd, ['worktree', 'remove', ...(force ? ['--force'] : []), '--', rp.real])
  }

  const worktreeList = async (options: unknown) => {
    const { cwd } = await begin('worktree.list', options, [])
    const entries = parseWorktreeList((await git('worktree.list', cwd, ['worktree', 'list', '--porcelain', '-z'])).stdout)
    const out = []
    for (const e of entries) {
      const rel = await resolver.relativeOf(e.path)
      out.push({ path: rel === null ? e.path : rel === '' ? '.' : rel, head: e.head, branch: e.branch })
    }
    return out
  }

  return methodTable({
    status,
    diff,
    commit,
    stash,
    resetTo,
    log,
    'worktree.add': worktreeAdd,
    'worktree.remove': worktreeRemove,
    'worktree.list': worktreeList,
  })
}
