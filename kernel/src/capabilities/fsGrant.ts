// The fs grant applied to resolved paths: read globs, write globs, and the paths no write grant opens.
// Both the lexical and the real (symlink-resolved) path must pass.

import { capErrors } from './capabilityErrors.ts'
import { compileGrant, gitOpeningGlobs, isGitInternal, isKernelOwned } from './matchGlobs.ts'
import type { ResolvedPath } from './resolveInside.ts'
import type { Permissions } from './types.ts'

export interface FsGrant {
  readable(rel: string): boolean
  listable(rel: string): boolean
  writable(rel: string): boolean
  /** Throws MMM_PERMISSION_DENIED unless the file may be read. */
  checkRead(rp: ResolvedPath, verb: string): void
  /** Throws unless the file may be read or the directory listed. */
  checkInspect(rp: ResolvedPath, verb: string): void
  /** Throws unless the path may be written or removed. */
  checkWrite(rp: ResolvedPath, verb: string): void
  /** Throws unless the root-relative path may be written or removed (used for a directory's contents). */
  checkWriteRel(rel: string, verb: string): void
}

const show = (rel: string): string => (rel === '' ? '.' : rel)

export function createFsGrant(plugin: string, permissions: Permissions): FsGrant {
  const read = compileGrant(permissions.fs?.read)
  const write = compileGrant(permissions.fs?.write)
  const gitWrite = compileGrant(gitOpeningGlobs(permissions.fs?.write))

  const writable = (rel: string): boolean => {
    if (rel === '' || isKernelOwned(rel)) return false
    return isGitInternal(rel) ? gitWrite.matches(rel) : write.matches(rel)
  }
  const readDenied = (rel: string, verb: string) =>
    capErrors.denied(plugin, `${verb} "${show(rel)}"`, `"fs": { "read": [${JSON.stringify(rel === '' ? '**' : rel)}] }`)

  const both = (rp: ResolvedPath, ok: (rel: string) => boolean, deny: (rel: string) => Error): void => {
    if (!ok(rp.rel)) throw deny(rp.rel)
    if (rp.realRel !== rp.rel && !ok(rp.realRel)) throw deny(rp.realRel)
  }

  const checkWriteRel = (rel: string, verb: string): void => {
    if (rel === '') throw capErrors.outsideRoot(plugin, verb, '.', 'it is the project root itself')
    if (isKernelOwned(rel) || (isGitInternal(rel) && !gitWrite.matches(rel))) throw capErrors.protectedPath(plugin, verb, rel)
    if (!write.matches(rel)) throw capErrors.denied(plugin, `${verb} "${rel}"`, `"fs": { "write": [${JSON.stringify(rel)}] }`)
  }

  return {
    readable: read.matches,
    listable: (rel) => read.matches(rel) || read.reachesInto(rel),
    writable,
    checkRead: (rp, verb) => both(rp, read.matches, (rel) => readDenied(rel, verb)),
    checkInspect: (rp, verb) => both(rp, (rel) => read.matches(rel) || read.reachesInto(rel), (rel) => readDenied(rel, verb)),
    checkWrite: (rp, verb) => {
      checkWriteRel(rp.rel, verb)
      if (rp.realRel !== rp.rel) checkWriteRel(rp.realRel, verb)
    },
    checkWriteRel,
  }
}
