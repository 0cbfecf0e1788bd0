// Atomic file replacement: a temp file in the same directory, fsync, rename over the target.

import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises'
import path from 'node:path'

export async function atomicWrite(target: string, content: string): Promise<void> {
  const dir = path.dirname(target)
  await mkdir(dir, { recursive: true })
  let mode: number | undefined
  try {
    mode = (await stat(target)).mode & 0o7777
  } catch {
    // a new file: default mode (umask applies)
  }
  const tmp = path.join(dir, `.${path.basename(target).slice(0, 100)}.${randomBytes(6).toString('hex')}.mmm-tmp`)
  const fh = await open(tmp, 'wx', mode ?? 0o666)
  try {
    try {
      await fh.writeFile(content, 'utf8')
      if (mode !== undefined) await fh.chmod(mode)
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, target)
  } catch (e) {
    await unlink(tmp).catch(() => {})
    throw e
  }
  // make the rename itself durable (best effort: not every platform can fsync a directory)
  try {
    const dh = await open(dir, 'r')
    try {
      await dh.sync()
    } finally {
      await dh.close()
    }
  } catch {
    // ignore
  }
}
