// detectLanguage: which language a file is written in, from its path and the first ~4 KB of its text.
// Order: exact file name, file-name prefix (Dockerfile.dev), extension (longest multi-part first, case-insensitive,
// with content rules for shared extensions), then the #! interpreter, then a <?php opening. Unknown → undefined.
import type { LanguageDef } from '../types.ts'
import { disambiguationRule } from './disambiguate.ts'
import { LANGUAGES, languageByName } from './languages.ts'
import { shebangInterpreter } from './shebang.ts'

interface Index {
  filenames: Map<string, LanguageDef>
  extensions: Map<string, LanguageDef>
  interpreters: Map<string, LanguageDef>
}

let index: Index | undefined

function buildIndex(): Index {
  const filenames = new Map<string, LanguageDef>()
  const extensions = new Map<string, LanguageDef>()
  const interpreters = new Map<string, LanguageDef>()
  for (const lang of LANGUAGES) {
    for (const f of lang.filenames ?? []) if (!filenames.has(f.toLowerCase())) filenames.set(f.toLowerCase(), lang)
    for (const e of lang.extensions) if (!extensions.has(e.toLowerCase())) extensions.set(e.toLowerCase(), lang)
    for (const i of lang.interpreters ?? []) if (!interpreters.has(i)) interpreters.set(i, lang)
  }
  return { filenames, extensions, interpreters }
}

/** File-name prefixes (lower case) for families of names like Dockerfile.prod or Makefile.linux. */
const NAME_PREFIXES: Array<[prefix: string, language: string]> = [
  ['dockerfile.', 'Dockerfile'],
  ['containerfile.', 'Dockerfile'],
  ['makefile.', 'Makefile'],
  ['gnumakefile.', 'Makefile'],
  ['jenkinsfile.', 'Groovy'],
  ['vagrantfile.', 'Ruby'],
  ['.bashrc.', 'Shell'],
  ['.zshrc.', 'Shell'],
]

/** Upper-case extensions that mean something else than their lower-case form (.C/.H are C++ by convention). */
const CASE_SENSITIVE_EXTENSIONS: Record<string, string> = { '.C': 'C++', '.H': 'C++' }

export function detectLanguage(path: string, head: string): LanguageDef | undefined {
  const idx = (index ??= buildIndex())
  const base = path.slice(path.lastIndexOf('/') + 1)
  const lower = base.toLowerCase()

  const byName = idx.filenames.get(lower)
  if (byName) return byName
  for (const [prefix, name] of NAME_PREFIXES) {
    if (lower.startsWith(prefix) && lower.length > prefix.length) return languageByName(name)
  }

  const byExt = extensionLanguage(idx, base, lower, head)
  if (byExt) return byExt

  const interpreter = shebangInterpreter(head)
  if (interpreter !== undefined) {
    const lang = idx.interpreters.get(interpreter) ?? idx.interpreters.get(interpreter.replace(/[\d.]+$/, ''))
    if (lang) return lang
  }
  if (/^\uFEFF?<\?php\b/.test(head)) return languageByName('PHP')
  return undefined
}

function extensionLanguage(idx: Index, base: string, lower: string, head: string): LanguageDef | undefined {
  // Every dot after the first character starts a candidate extension; the leftmost known one is the longest.
  for (let dot = lower.indexOf('.', 1); dot > 0; dot = lower.indexOf('.', dot + 1)) {
    const special = CASE_SENSITIVE_EXTENSIONS[base.slice(dot)]
    if (special !== undefined) return languageByName(special)
    const ext = lower.slice(dot)
    const lang = idx.extensions.get(ext)
    if (!lang) continue
    const rule = disambiguationRule(ext)
    if (rule) {
      const name = rule(head)
      if (name !== undefined) return languageByName(name) ?? lang
    }
    return lang
  }
  return undefined
}
