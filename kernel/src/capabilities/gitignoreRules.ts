// Nested .gitignore files folded into one `ignore` instance: each file's rules are rewritten relative to
// the root and appended in depth order, so deeper files win (git's precedence) and a file cannot be
// re-included when a parent directory is excluded (the `ignore` package's rule, as in git).

import { readFile } from 'node:fs/promises'
import path from 'node:path'
import ignore, { type Ignore } from 'ignore'

/** Escapes glob metacharacters in a literal directory prefix. */
function escapePrefix(dir: string): string {
  return dir.replace(/[\\*?[\]!#{}]/g, (c) => `\\${c}`)
}

/** Rewrites one .gitignore line found in `dir` (root-relative POSIX, '' for the root) to a root-relative rule. */
export function rebaseRule(line: string, dir: string): string | null {
  let rule = line.replace(/\r$/, '')
  // trailing spaces are ignored unless escaped
  rule = rule.replace(/(?<!\\)\s+$/, '')
  if (rule === '' || rule.startsWith('#')) return null
  if (dir === '') return rule
  let negate = ''
  if (rule.startsWith('!')) {
    negate = '!'
    rule = rule.slice(1)
  }
  const prefix = escapePrefix(dir)
  const body = rule.endsWith('/') ? rule.slice(0, -1) : rule
  if (rule.startsWith('/')) return `${negate}${prefix}${rule}`
  if (body.includes('/')) return `${negate}${prefix}/${rule}`
  return `${negate}${prefix}/**/${rule}`
}

/**
 * Builds one matcher from `.gitignore` files (root-relative POSIX paths) and `.git/info/exclude`; undefined when
 * they hold no rule (nothing is ignored, and a walk need not ask about every file).
 */
export async function loadGitignores(realRoot: string, gitignoreFiles: readonly string[]): Promise<Ignore | undefined> {
  // git matches case-sensitively where the file system does
  const ig = ignore({ ignorecase: process.platform === 'darwin' || process.platform === 'win32' })
  const read = async (file: string): Promise<string> => {
    try {
      return await readFile(path.join(realRoot, file), 'utf8')
    } catch {
      return ''
    }
  }
  let rules = 0
  // lowest precedence first
  for (const line of (await read('.git/info/exclude')).split('\n')) {
    const r = rebaseRule(line, '')
    if (r !== null) {
      ig.add(r)
      rules++
    }
  }
  const byDepth = [...gitignoreFiles].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0))
  for (const file of byDepth) {
    const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file)
    for (const line of (await read(file)).split('\n')) {
      const r = rebaseRule(line, dir)
      if (r !== null) {
        ig.add(r)
        rules++
      }
    }
  }
  return rules > 0 ? ig : undefined
}
