// Resolves a plugin-given path inside the project root: lexically first (no '..' escape), then with
// realpath (no symlink escape). Everything else in the capabilities builds on this.

import { realpathSync } from 'node:fs'
import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { capErrors, errnoCode } from './capabilityErrors.ts'

export interface ResolvedPath {
  /** The path as the plugin gave it (for messages). */
  given: string
  /** Lexical absolute path, under the real root. */
  abs: string
  /** Lexical root-relative POSIX path ('' for the root itself). */
  rel: string
  /** Real path: the target's realpath, or its nearest existing parent's realpath plus the rest. */
  real: string
  /** Root-relative POSIX form of `real` ('' for the root itself). */
  realRel: string
  /** Whether `real` exists (false: the nearest existing parent was resolved instead). */
  exists: boolean
}

export interface RootResolver {
  /** realpath(root), computed once. */
  realRoot(): Promise<string>
  /** Lexical resolution only: throws MMM_PERMISSION_DENIED when `p` leaves the root. */
  lexical(p: string, verb: string, base?: string): Promise<{ abs: string; rel: string }>
  /** Lexical then real resolution: throws MMM_PERMISSION_DENIED on any escape. */
  resolve(p: string, verb: string, base?: string): Promise<ResolvedPath>
  /** Root-relative POSIX path of an absolute path, or null when it is outside the real root. */
  relativeOf(abs: string): Promise<string | null>
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/')
}

function inside(parent: string, child: string): string | null {
  const rel = path.relative(parent, child)
  if (rel === '') return ''
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null
  return toPosix(rel)
}

export function createRootResolver(plugin: string, root: string): RootResolver {
  const lexicalRoot = path.resolve(root)
  let realRootPromise: Promise<string> | undefined
  const realRoot = (): Promise<string> => {
    realRootPromise ??= realpath(lexicalRoot).catch((e: unknown) => {
      realRootPromise = undefined
      throw capErrors.fs(plugin, 'resolve the project root', lexicalRoot, e)
    })
    return realRootPromise
  }

  const lexical = async (p: string, verb: string, base?: string): Promise<{ abs: string; rel: string }> => {
    const rootReal = await realRoot()
    if (path.isAbsolute(p)) {
      const abs = path.resolve(p)
      // an absolute path may name the root through its lexical or its real spelling
      const viaReal = inside(rootReal, abs)
      if (viaReal !== null) return { abs, rel: viaReal }
      const viaLexical = inside(lexicalRoot, abs)
      if (viaLexical !== null) return { abs: path.join(rootReal, viaLexical), rel: viaLexical }
      throw capErrors.outsideRoot(plugin, verb, p, 'it is outside the project root')
    }
    const abs = path.resolve(base ?? rootReal, p)
    const rel = inside(rootReal, abs)
    if (rel === null) throw capErrors.outsideRoot(plugin, verb, p, 'it leads outside the project root')
    return { abs, rel }
  }

  const resolve = async (p: string, verb: string, base?: string): Promise<ResolvedPath> => {
    const rootReal = await realRoot()
    const { abs, rel } = await lexical(p, verb, base)
    let current = abs
    const rest: string[] = []
    for (;;) {
      let resolved: string
      try {
        // Sync on purpose: one realpath(3) is microseconds, and through the thread pool it cost ~0.1 ms per call
        // (bench/RESULTS-workflow.md); the native one, as fs/promises uses, not Node's JS lstat walk.
        resolved = realpathSync.native(current)
      } catch (e) {
        const code = errnoCode(e)
        if ((code === 'ENOENT' || code === 'ENOTDIR') && current !== rootReal && path.dirname(current) !== current) {
          rest.unshift(path.basename(current))
          current = path.dirname(current)
          continue
        }
        if (code === 'ELOOP') throw capErrors.outsideRoot(plugin, verb, p, 'it goes through a symbolic link loop')
        throw capErrors.fs(plugin, verb, p, e)
      }
      const real = rest.length === 0 ? resolved : path.join(resolved, ...rest)
      const realRel = inside(rootReal, real)
      if (realRel === null) throw capErrors.outsideRoot(plugin, verb, p, 'it goes through a symbolic link that points outside the project root')
      return { given: p, abs, rel, real, realRel, exists: rest.length === 0 }
    }
  }

  const relativeOf = async (abs: string): Promise<string | null> => inside(await realRoot(), abs)

  return { realRoot, lexical, resolve, relativeOf }
}
