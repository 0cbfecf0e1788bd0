// The fast path of fs.readMany: a plain file under plain directories, read synchronously with the parent
// directory's realpath computed once per call. It checks exactly what the careful path checks (the lexical and
// the real path inside the root and inside the read grant) and opens with O_NOFOLLOW, so a file that became a
// symbolic link is refused by the kernel, not followed. Whatever it is not sure of it leaves to the careful
// path (returns undefined): symbolic links, missing files, directories, special files, errors.
import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import type { FsGrant } from './fsGrant.ts'
import { toPosix, type RootResolver } from './resolveInside.ts'

export interface FastReader {
  /** The file's text, or undefined when the careful path must handle this path. */
  read(p: string, reserve: (size: number) => boolean): Promise<string | undefined>
}

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK

export function createFastReader(resolver: RootResolver, grant: FsGrant, maxBytes: number): FastReader {
  /** Lexical directory → its real path and root-relative real path (null: not a plain directory in the root). */
  const dirs = new Map<string, { real: string; realRel: string } | null>()

  const realDir = (dir: string, realRoot: string): { real: string; realRel: string } | null => {
    let hit = dirs.get(dir)
    if (hit !== undefined) return hit
    hit = null
    try {
      const real = realpathSync.native(dir)
      const rel = path.relative(realRoot, real)
      if (rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))) hit = { real, realRel: toPosix(rel) }
    } catch {
      hit = null
    }
    dirs.set(dir, hit)
    return hit
  }

  const read = async (p: string, reserve: (size: number) => boolean): Promise<string | undefined> => {
    const realRoot = await resolver.realRoot()
    const { abs, rel } = await resolver.lexical(p, 'read')
    if (rel === '') return undefined
    const dir = realDir(path.dirname(abs), realRoot)
    if (!dir) return undefined
    const base = path.basename(abs)
    const real = path.join(dir.real, base)
    const realRel = dir.realRel === '' ? base : `${dir.realRel}/${base}`
    grant.checkRead({ given: p, abs, rel, real, realRel, exists: true }, 'read')
    let fd: number
    try {
      fd = openSync(real, FLAGS)
    } catch {
      return undefined
    }
    try {
      const st = fstatSync(fd)
      // Over a limit: the careful path reserves again and words the error.
      if (!st.isFile() || st.size > maxBytes || !reserve(st.size)) return undefined
      const buf = readFileSync(fd)
      if (buf.length > maxBytes) return undefined
      return buf.toString('utf8')
    } finally {
      closeSync(fd)
    }
  }

  return { read }
}
