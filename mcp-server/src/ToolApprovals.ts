// A tool whose description changes after the user approved it is not served until approved again (a
// changed description is how a "rug pull" re-instructs the model). What was approved is a hash of what
// the model reads: description, schemas, annotations. A tool seen for the first time is recorded as
// approved — the user approved it by adding (and granting) its plugin; `mmm mcp approve` records changes.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { MmmError, writeJsonFileSync, type RegisteredTool } from '@mmm/kernel'

export interface ApprovalRecord {
  hash: string
  approvedAt: string
  /** What the model read when it was approved, so `mmm mcp tools` can show what changed. */
  description: string
}

interface ApprovalFile {
  version: 1
  tools: Record<string, ApprovalRecord>
}

export class ToolApprovals {
  readonly path: string
  private data: ApprovalFile
  private stamp = ''

  constructor(root: string) {
    this.path = join(root, '.mmm', 'mcp-approvals.json')
    this.data = { version: 1, tools: {} }
  }

  /** Splits tools into those that may be served and those changed since approval; records first sightings. */
  check(tools: readonly RegisteredTool[]): { served: RegisteredTool[]; changed: RegisteredTool[] } {
    this.refresh()
    const served: RegisteredTool[] = []
    const changed: RegisteredTool[] = []
    let added = false
    for (const t of tools) {
      const rec = this.data.tools[t.id]
      const hash = toolHash(t)
      if (!rec) {
        this.data.tools[t.id] = { hash, approvedAt: new Date().toISOString(), description: t.description }
        added = true
        served.push(t)
      } else if (rec.hash === hash) served.push(t)
      else changed.push(t)
    }
    if (added) this.save()
    return { served, changed }
  }

  get(id: string): ApprovalRecord | undefined {
    this.refresh()
    return this.data.tools[id]
  }

  approve(tools: readonly RegisteredTool[]): void {
    this.refresh()
    for (const t of tools) this.data.tools[t.id] = { hash: toolHash(t), approvedAt: new Date().toISOString(), description: t.description }
    this.save()
  }

  /** Whether the file on disk differs from what this process last read or wrote. */
  changedOnDisk(): boolean {
    try {
      return fileStamp(this.path) !== this.stamp
    } catch {
      return this.stamp !== ''
    }
  }

  /** Re-reads the file when another process (`mmm mcp approve`) changed it. */
  private refresh(): void {
    if (!existsSync(this.path)) return
    let stamp: string
    try {
      stamp = fileStamp(this.path)
    } catch {
      return
    }
    if (stamp === this.stamp) return
    try {
      const d = JSON.parse(readFileSync(this.path, 'utf8')) as ApprovalFile
      if (d?.version !== 1 || typeof d.tools !== 'object' || d.tools === null) throw new Error('unexpected shape')
      this.data = d
      this.stamp = stamp
    } catch (e) {
      throw new MmmError('MMM_BAD_CONFIG', `${this.path} is damaged (${e instanceof Error ? e.message : String(e)}); delete it and approve the tools again (mmm mcp approve --all)`)
    }
  }

  private save(): void {
    writeJsonFileSync(this.path, this.data)
    this.stamp = fileStamp(this.path)
  }
}

/** sha256 of what a model reads about a tool, with object keys sorted so formatting never matters. */
export function toolHash(t: RegisteredTool): string {
  return createHash('sha256').update(canonical({ description: t.description, input: t.inputSchema, output: t.output ?? null, annotations: t.annotations ?? null })).digest('hex')
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
}

/** Size and mtime together: two saves within one mtime tick still differ in almost every case. */
function fileStamp(path: string): string {
  const s = statSync(path)
  return `${s.size}:${s.mtimeMs}`
}
