// Background jobs on disk: .mmm/jobs/<id>.json (the record, replaced atomically), <id>.log (the
// output) and, for a tool, <id>.input (its input). A job is its own detached process, so it outlives
// the mmm that started it; a record still "running" whose process is gone (killed, machine restarted)
// is marked "orphaned" — never lost.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { MmmError } from '../../errors.ts'
import { ensureMmmDir } from '../../state/ensureMmmDir.ts'

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'orphaned'

export interface JobRecord {
  id: string
  /** The command template (`mmm run`) or the tool id. */
  command: string
  /** The arguments as the user gave them. */
  args: string[]
  status: JobStatus
  pid?: number
  startedAt: string
  endedAt?: string
  error?: { code: string; message: string }
  costUsd?: number
}

export class JobStore {
  readonly dir: string
  private readonly root: string

  constructor(root: string) {
    this.root = root
    this.dir = path.join(root, '.mmm', 'jobs')
  }

  static newId(): string {
    return `job-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomBytes(2).toString('hex')}`
  }

  logFile(id: string): string {
    return path.join(this.dir, `${id}.log`)
  }

  /** A tool job's input (JSON; not named *.json, which are the records). */
  inputFile(id: string): string {
    return path.join(this.dir, `${id}.input`)
  }

  create(r: JobRecord): void {
    ensureMmmDir(this.root)
    mkdirSync(this.dir, { recursive: true })
    this.write(r)
  }

  update(id: string, patch: Partial<JobRecord>): JobRecord {
    const r = { ...this.read(id), ...patch }
    this.write(r)
    return r
  }

  /** A job by id or unique id prefix, its status checked against its process. */
  get(idOrPrefix: string): JobRecord {
    const ids = this.ids()
    const id = ids.includes(idOrPrefix) ? idOrPrefix : ids.filter((i) => i.startsWith(idOrPrefix)).length === 1 ? ids.find((i) => i.startsWith(idOrPrefix))! : undefined
    if (!id) throw new MmmError('MMM_JOB_NOT_FOUND', `no job "${idOrPrefix}"${ids.some((i) => i.startsWith(idOrPrefix)) ? ' (the prefix matches several; give more of the id)' : ''}; mmm jobs lists them`)
    return this.checked(this.read(id))
  }

  /** Every job, newest first, orphans marked. */
  list(): JobRecord[] {
    return this.ids().map((id) => this.checked(this.read(id))).sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))
  }

  private checked(r: JobRecord): JobRecord {
    if (r.status !== 'running') return r
    // Just created: the process is being started (its pid is recorded a moment later).
    if (r.pid === undefined ? Date.now() - Date.parse(r.startedAt) < 10_000 : isAlive(r.pid, r.id)) return r
    return this.update(r.id, { status: 'orphaned', endedAt: new Date().toISOString(), error: { code: 'MMM_JOB_ORPHANED', message: 'the job\'s process ended without recording an outcome (killed, or the machine restarted); its output so far is in the log' } })
  }

  private ids(): string[] {
    if (!existsSync(this.dir)) return []
    return readdirSync(this.dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5))
  }

  private read(id: string): JobRecord {
    return JSON.parse(readFileSync(path.join(this.dir, `${id}.json`), 'utf8')) as JobRecord
  }

  private write(r: JobRecord): void {
    const file = path.join(this.dir, `${r.id}.json`)
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, `${JSON.stringify(r, null, 2)}\n`)
    renameSync(tmp, file)
  }
}

/** Whether the job's process still runs (on Linux also that the pid was not reused by another process). */
export function isAlive(pid: number, jobId: string): boolean {
  try {
    process.kill(pid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (!cmdline.includes(jobId)) return false
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // A killed child not yet reaped by its parent is a zombie: it is not running.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return true // no /proc (macOS): signal 0 is the best we have
  }
}
