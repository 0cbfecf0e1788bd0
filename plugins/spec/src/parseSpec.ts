// specs/<id>.md → a Spec, or a clear error naming the file and what is wrong.
import { readFrontmatter } from './frontmatter.ts'
import { STATUSES, type Criterion, type Spec, type SpecStatus } from './types.ts'

const PRIORITY: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 }
const CHECKBOX = /^\s*[-*]\s+\[([ xX])\]\s+(.+?)\s*$/gm

export function parseSpec(file: string, text: string): Spec {
  let doc
  try {
    doc = readFrontmatter(text)
  } catch (e) {
    throw specError(file, `its frontmatter is not valid YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  const d = doc.data
  const base = file.split('/').pop()!.replace(/\.md$/, '')
  const id = d.id === undefined ? base : String(d.id)
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw specError(file, `id "${id}" must be letters, digits, . _ -`)
  const status = (d.status ?? 'draft') as SpecStatus
  if (!STATUSES.includes(status)) throw specError(file, `status "${String(d.status)}" must be one of ${STATUSES.join(', ')}`)
  const list = (v: unknown, key: string): string[] => {
    if (v === undefined || v === null) return []
    if (typeof v === 'string') return [v]
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String)
    throw specError(file, `${key} must be a list of strings`)
  }
  const priority = d.priority === undefined ? 2 : typeof d.priority === 'number' ? d.priority : PRIORITY[String(d.priority)]
  if (priority === undefined || !Number.isFinite(priority)) throw specError(file, `priority "${String(d.priority)}" must be critical, high, medium, low or a number`)
  const acceptance = list(d.acceptance, 'acceptance')
  const criteria: Criterion[] = acceptance.length ? acceptance.map((text) => ({ text, done: false })) : [...doc.body.matchAll(CHECKBOX)].map((m) => ({ text: m[2] as string, done: m[1] !== ' ' }))
  const title = typeof d.title === 'string' ? d.title : (/^#\s+(.+)$/m.exec(doc.body)?.[1]?.trim() ?? id)
  return {
    id, title, status, priority,
    dependencies: list(d.dependencies, 'dependencies'),
    tags: list(d.tags, 'tags'),
    criteria,
    validate: list(d.validate, 'validate'),
    files: list(d.files, 'files'),
    ...(d.done !== undefined ? { done: d.done instanceof Date ? d.done.toISOString() : String(d.done) } : {}),
    file,
    body: doc.body,
  }
}

export function specError(file: string, message: string): Error {
  const e = new Error(`${file}: ${message}`) as Error & { code: string }
  e.code = 'MMM_SPEC_INVALID'
  return e
}
