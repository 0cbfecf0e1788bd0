// .mmm/plugins.lock.json: what the user granted to which exact bundle (sha256).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Permissions } from '../config/types.ts'
import { MmmError } from '../errors.ts'
import { writeJsonFileSync } from './writeJsonFileSync.ts'
import { ensureMmmDir } from '../state/ensureMmmDir.ts'

export interface LockEntry {
  sha256: string
  version: string
  source: string
  permissions: Permissions
  grantedAt: string
  grantedBy: 'prompt' | 'yes' | 'config' | 'cli'
}

export interface LockData {
  version: 1
  plugins: Record<string, LockEntry>
}

export class Lockfile {
  readonly path: string
  private readonly root: string
  private data: LockData

  constructor(root: string) {
    this.root = root
    this.path = join(root, '.mmm', 'plugins.lock.json')
    this.data = read(this.path)
  }

  get(name: string): LockEntry | undefined {
    return this.data.plugins[name]
  }

  entries(): Record<string, LockEntry> {
    return this.data.plugins
  }

  set(name: string, entry: LockEntry): void {
    this.data.plugins[name] = entry
    this.save()
  }

  remove(name: string): boolean {
    if (!(name in this.data.plugins)) return false
    delete this.data.plugins[name]
    this.save()
    return true
  }

  private save(): void {
    ensureMmmDir(this.root)
    writeJsonFileSync(this.path, this.data)
  }
}

function read(path: string): LockData {
  if (!existsSync(path)) return { version: 1, plugins: {} }
  try {
    const d = JSON.parse(readFileSync(path, 'utf8')) as LockData
    if (d?.version !== 1 || typeof d.plugins !== 'object' || d.plugins === null) throw new Error('unexpected shape')
    return d
  } catch (e) {
    throw new MmmError('MMM_BAD_CONFIG', `${path} is damaged (${e instanceof Error ? e.message : String(e)}); delete it and grant the plugins again`)
  }
}
