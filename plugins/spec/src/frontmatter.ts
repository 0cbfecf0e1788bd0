// YAML frontmatter between `---` lines at the top of a Markdown file. (gray-matter reads files with Node's fs
// at load time, which a sandboxed plugin does not have; the format is this small.)
import { parse, stringify } from 'yaml'

export interface Document {
  data: Record<string, unknown>
  body: string
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/

export function readFrontmatter(text: string): Document {
  const m = FENCE.exec(text)
  if (!m) return { data: {}, body: text }
  const data = parse(m[1] ?? '') as unknown
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) throw new Error('the frontmatter must be a YAML mapping')
  return { data: (data ?? {}) as Record<string, unknown>, body: text.slice(m[0].length) }
}

export function writeFrontmatter(doc: Document): string {
  return `---\n${stringify(doc.data, { lineWidth: 0 }).trimEnd()}\n---\n${doc.body}`
}
