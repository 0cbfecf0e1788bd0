// ctx.fs on the host: every path resolved inside the project root (lexically and with realpath) and
// checked against the plugin's fs grant before anything is touched.

import { constants, lstatSync } from 'node:fs'
import { lstat, open, readdir, realpath, rm, rmdir, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import { isMmmError } from '../errors.ts'
import { atomicWrite } from './atomicWrite.ts'
import { capErrors } from './capabilityErrors.ts'
import { checkArgs } from './checkArgs.ts'
import { createFsGrant } from './fsGrant.ts'
import { createFastReader } from './createFastReader.ts'
import { createRootResolver } from './resolveInside.ts'
import { methodTable } from './methodTable.ts'
import { asTextBatch } from '../sandbox/textBatch.ts'
import type { CapabilityContext, CapabilityMethods } from './types.ts'
import { walkFiles } from './walkFiles.ts'

export const FS_LIMITS = {
  readBytes: 32 * 1024 * 1024,
  writeBytes: 32 * 1024 * 1024,
  readManyPaths: 1000,
  readManyTotalBytes: 64 * 1024 * 1024,
  walkDefault: 100_000,
  walkMax: 1_000_000,
  patterns: 200,
}

type EntryType = 'file' | 'directory' | 'symlink' | 'other'

function typeOf(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  return s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other'
}

export function createFsCapability(c: CapabilityContext): CapabilityMethods {
  const { plugin } = c
  const resolver = c.resolver ?? createRootResolver(plugin, c.root)
  const grant = createFsGrant(plugin, c.permissions)

  /** Runs an fs operation, turning Node errors into MMM_FS_ERROR (MmmErrors pass through). */
  const wrap = async <T>(op: string, p: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (e) {
      throw isMmmError(e) ? e : capErrors.fs(plugin, op, p, e)
    }
  }

  const readOne = (p: string, method: string, reserve?: (size: number) => boolean): Promise<string> =>
    wrap('read', p, async () => {
      const rp = await resolver.resolve(p, 'read')
      grant.checkRead(rp, 'read')
      const st = await stat(rp.real)
      if (st.isDirectory()) throw capErrors.fs(plugin, 'read', p, { code: 'EISDIR' })
      if (!st.isFile()) throw capErrors.fs(plugin, 'read', p, new Error('not a regular file'))
      const tooLarge = () =>
        capErrors.tooLarge(plugin, `file "${rp.rel}"`, FS_LIMITS.readBytes, 'fs.read refuses files that large; use fs.walk to find smaller files and fs.readMany to read them')
      if (st.size > FS_LIMITS.readBytes) throw tooLarge()
      if (reserve && !reserve(st.size)) {
        throw capErrors.tooLarge(plugin, `${method} in total`, FS_LIMITS.readManyTotalBytes, 'read the remaining paths in another call')
      }
      const fh = await open(rp.real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
      try {
        const buf = await fh.readFile()
        if (buf.length > FS_LIMITS.readBytes) throw tooLarge()
        return buf.toString('utf8')
      } finally {
        await fh.close()
      }
    })

  const read = async (p: unknown): Promise<string> => {
    const a = checkArgs(plugin, 'fs.read')
    return readOne(a.string(p, 'path'), 'fs.read')
  }

  const readMany = async (paths: unknown) => {
    const a = checkArgs(plugin, 'fs.readMany')
    const list = a.stringArray(paths, 'paths', FS_LIMITS.readManyPaths)
    let budget = FS_LIMITS.readManyTotalBytes
    const reserve = (size: number): boolean => {
      if (size > budget) return false
      budget -= size
      return true
    }
    const results: Array<{ path: string; content?: string; error?: { code: string; message: string } }> = new Array(list.length)
    const fast = createFastReader(resolver, grant, FS_LIMITS.readBytes)
    let sinceYield = 0
    for (let i = 0; i < list.length; i++) {
      const p = list[i] ?? ''
      try {
        // The fast path reads plain files in one go; anything unusual (a symbolic link, a missing file, a
        // directory, an error) takes the careful path, which also words the error.
        const content = (await fast.read(p, reserve)) ?? (await readOne(p, 'fs.readMany', reserve))
        results[i] = { path: p, content }
        sinceYield += content.length
      } catch (e) {
        const err = isMmmError(e) ? e : capErrors.fs(plugin, 'read', p, e)
        results[i] = { path: p, error: { code: String(err.code), message: err.message } }
      }
      // Reads are synchronous: let other calls in every few MB.
      if (sinceYield > 4 * 1024 * 1024) {
        sinceYield = 0
        await new Promise((r) => setImmediate(r))
      }
    }
    return asTextBatch(results)
  }

  const write = async (p: unknown, content: unknown): Promise<void> => {
    const a = checkArgs(plugin, 'fs.write')
    const file = a.string(p, 'path')
    if (typeof content !== 'string') a.fail(`content must be a string (UTF-8 text), got ${content === null ? 'null' : Array.isArray(content) ? 'an array' : typeof content}`)
    const text = content as string
    if (Buffer.byteLength(text, 'utf8') > FS_LIMITS.writeBytes) {
      throw capErrors.tooLarge(plugin, `content for "${file}"`, FS_LIMITS.writeBytes, 'write it in smaller files')
    }
    await wrap('write', file, async () => {
      const rp = await resolver.resolve(file, 'write')
      grant.checkWrite(rp, 'write')
      if (rp.exists && (await stat(rp.real)).isDirectory()) throw capErrors.fs(plugin, 'write', file, { code: 'EISDIR' })
      await atomicWrite(rp.real, text)
    })
  }

  const list = async (dir: unknown) => {
    const a = checkArgs(plugin, 'fs.list')
    const d = a.optString(dir, 'dir', { allowEmpty: true }) ?? ''
    return wrap('list', d, async () => {
      const rp = await resolver.resolve(d, 'list')
      grant.checkInspect(rp, 'list')
      // a directory the grant reaches into may be listed; anything else needs the read grant itself
      if (!(rp.exists && (await stat(rp.real)).isDirectory())) grant.checkRead(rp, 'list')
      const entries = await readdir(rp.real, { withFileTypes: true })
      const base = rp.realRel
      return entries
        .map((e) => ({ name: e.name, type: typeOf(e), rel: base === '' ? e.name : `${base}/${e.name}` }))
        .filter((e) => grant.readable(e.rel) || (e.type !== 'file' && grant.listable(e.rel)))
        .map(({ name, type }) => ({ name, type }))
        .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    })
  }

  const walk = async (options: unknown): Promise<string[] | WalkEntry[]> => {
    const a = checkArgs(plugin, 'fs.walk')
    const o = a.options(options, 'options', ['patterns', 'ignore', 'gitignore', 'directories', 'limit', 'details'])
    const relativeGlobs = (v: unknown, name: string): string[] | undefined => {
      const globs = a.optStringArray(v, name, FS_LIMITS.patterns)
      for (const g of globs ?? []) {
        if (g === '') a.fail(`${name} must not contain an empty pattern`)
        if (path.posix.isAbsolute(g) || g.split('/').includes('..')) a.fail(`${name} pattern ${JSON.stringify(g)} must be relative to the project root, without '..'`)
      }
      return globs
    }
    const patterns = relativeGlobs(o.patterns, 'options.patterns') ?? ['**']
    const ignore = relativeGlobs(o.ignore, 'options.ignore') ?? []
    const gitignore = a.optBool(o.gitignore, 'options.gitignore') ?? true
    const directories = a.optBool(o.directories, 'options.directories') ?? false
    const limit = a.optInt(o.limit, 'options.limit', 0, FS_LIMITS.walkMax) ?? FS_LIMITS.walkDefault
    const details = a.optBool(o.details, 'options.details') ?? false
    if (!grant.listable('')) throw capErrors.denied(plugin, 'walk the project', '"fs": { "read": ["**"] }')
    return wrap('walk', '.', async () => {
      try {
        const realRoot = await resolver.realRoot()
        const found = await walkFiles({
          realRoot,
          patterns,
          ignore,
          gitignore,
          directories,
          limit,
          readable: grant.readable,
          ...(c.signal ? { signal: c.signal } : {}),
        })
        return details ? statEntries(realRoot, found) : found
      } catch (e) {
        if (c.signal?.aborted) throw capErrors.cancelled(plugin, 'fs.walk')
        throw e
      }
    })
  }

  const statPath = async (p: unknown) => {
    const a = checkArgs(plugin, 'fs.stat')
    const file = a.string(p, 'path', { allowEmpty: true })
    return wrap('stat', file, async () => {
      const rp = await resolver.resolve(file, 'stat')
      grant.checkInspect(rp, 'stat')
      const st = rp.exists ? await stat(rp.real) : null
      // files (and missing paths) need the read grant itself, so stat tells nothing about ungranted files
      if (!st?.isDirectory()) grant.checkRead(rp, 'stat')
      if (st === null) return null
      const link = await lstat(rp.abs)
      return { type: link.isSymbolicLink() ? 'symlink' : typeOf(st), size: st.size, mtimeMs: st.mtimeMs }
    })
  }

  const remove = async (p: unknown, options: unknown): Promise<void> => {
    const a = checkArgs(plugin, 'fs.remove')
    const file = a.string(p, 'path')
    const o = a.options(options, 'options', ['recursive'])
    const recursive = a.optBool(o.recursive, 'options.recursive') ?? false
    await wrap('remove', file, async () => {
      const rp = await resolver.resolve(file, 'remove')
      grant.checkWrite(rp, 'remove')
      // remove the entry itself: a symbolic link goes, its target stays
      const parent = await realpath(path.dirname(rp.abs))
      const entry = path.join(parent, path.basename(rp.abs))
      const entryRel = await resolver.relativeOf(entry)
      if (entryRel === null) throw capErrors.outsideRoot(plugin, 'remove', file, 'it is outside the project root')
      grant.checkWriteRel(entryRel, 'remove')
      const st = await lstat(entry)
      if (!st.isDirectory()) return unlink(entry)
      if (!recursive) return rmdir(entry)
      for (const sub of await readdir(entry, { recursive: true })) {
        grant.checkWriteRel(`${entryRel}/${sub.split(path.sep).join('/')}`, 'remove')
      }
      await rm(entry, { recursive: true })
    })
  }

  return methodTable({ read, readMany, write, list, walk, stat: statPath, remove })
}

export interface WalkEntry {
  path: string
  size: number
  mtimeMs: number
}

/** Size and mtime of each walked file (lstat: a walk never follows links), for callers that cache by them. */
function statEntries(realRoot: string, rels: string[]): WalkEntry[] {
  const out: WalkEntry[] = []
  for (const rel of rels) {
    const st = lstatSync(path.join(realRoot, rel), { throwIfNoEntry: false })
    if (st) out.push({ path: rel, size: st.size, mtimeMs: Math.round(st.mtimeMs) })
  }
  return out
}
