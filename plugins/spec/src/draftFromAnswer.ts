// The spec file in Claude's answer to `mmm spec add --generate`. Models often wrap the file in a code fence or
// put a sentence before it; the file is the whole answer, or the part from its first `---` line (to the fence's end).
import { readFrontmatter, writeFrontmatter } from './frontmatter.ts'
import { parseSpec } from './parseSpec.ts'
import { STATUSES, type SpecStatus } from './types.ts'

/** The draft as the file to write (its id forced to the file's, a status it can have), or undefined. */
export function draftFromAnswer(answer: string, id: string, file: string): string | undefined {
  const candidates = [answer.trim()]
  const dash = /^---[ \t]*$/m.exec(answer)
  if (dash) {
    let rest = answer.slice(dash.index)
    // Opened by a fence before the `---`: it closes at the last bare ``` line (the spec may hold fenced code).
    if (/^```/m.test(answer.slice(0, dash.index))) {
      const closes = [...rest.matchAll(/^```[ \t]*$/gm)]
      if (closes.length) rest = rest.slice(0, closes.at(-1)!.index)
    }
    candidates.push(rest.trim())
  }
  for (const c of candidates) {
    if (!c.startsWith('---')) continue
    let doc
    try {
      doc = readFrontmatter(c)
    } catch {
      continue // not YAML: the next candidate may be
    }
    if (!Object.keys(doc.data).length) continue
    // The file name is the id (specs depend on each other by id); a new spec starts as a draft.
    doc.data.id = id
    if (!STATUSES.includes(doc.data.status as SpecStatus)) doc.data.status = 'draft'
    const text = `${writeFrontmatter(doc).trimEnd()}\n`
    try {
      parseSpec(file, text)
    } catch {
      continue
    }
    return text
  }
  return undefined
}
