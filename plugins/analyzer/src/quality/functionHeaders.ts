// Recognizing a function header in the code just before an opening `{` (brace languages). The caller hands over
// the "prefix": the code since the last statement boundary (`;`, `{`, `}`), strings emptied, comments removed.
// The header is looked for in the last statement of that prefix: the text after the last unclosed bracket and
// after the last comma or line break outside brackets, so `app.get('/', (req, res) => {` is an anonymous
// callback while `onClick: (e) => {` in an object literal is a function named onClick.
//
// Per language: keyword languages (Go func, Rust fn, Kotlin fun, Swift func/init, Scala def, PHP function, Perl
// sub, R `name <- function(`, shell `name() {` / `function name`) need their keyword; the others (C, C++, Java,
// C#, JavaScript, TypeScript, Dart, Objective-C, Groovy, ...) take `function name(`, `const name = (...) =>`,
// `name: (...) =>`, `name = function (` and the C-like `name(params) tail {` where name is not a keyword
// (if, for, while, switch, catch, ...) and tail has no parentheses or `=` (return types, throws, const).

export interface HeaderMatch {
  name: string
  /** Offset of the name in the prefix. */
  index: number
}

const KEYWORD_HEADERS: Record<string, RegExp> = {
  go: /\bfunc\s*(?:\([^()]*\)\s*)?([A-Za-z_]\w*)\s*[[(]/g,
  rust: /\bfn\s+([A-Za-z_]\w*)/g,
  zig: /\bfn\s+([A-Za-z_]\w*)/g,
  v: /\bfn\s+(?:\([^()]*\)\s*)?([A-Za-z_]\w*)/g,
  kotlin: /\bfun\s+(?:<[^>]*>\s*)?(?:[\w.<>?]+\.)?([A-Za-z_]\w*)\s*\(/g,
  swift: /\bfunc\s+([^\s(<]+)|\b(init|deinit|subscript)\b/g,
  scala: /\bdef\s+([^\s(\[:=]+)/g,
  php: /\bfunction\s+&?([A-Za-z_]\w*)/g,
  perl: /\bsub\s+([\w:]+)/g,
  r: /([\w.]+)\s*(?:<-|=)\s*function\s*\(/g,
  solidity: /\bfunction\s+(\w+)|\b(constructor|fallback|receive)\s*\(|\bmodifier\s+(\w+)/g,
  powershell: /\bfunction\s+([\w-]+)/gi,
  shell: /\bfunction\s+([\w:.-]+)|^\s*([\w:.-]+)\s*\(\s*\)\s*$/g,
}
KEYWORD_HEADERS.bash = KEYWORD_HEADERS.shell as RegExp
KEYWORD_HEADERS.zsh = KEYWORD_HEADERS.shell as RegExp

/** Languages where statements end with `;` and a signature may run over several lines outside brackets. */
const WHOLE_PREFIX = new Set(['rust', 'php', 'perl', 'solidity', 'zig'])

const NOT_NAMES = new Set(
  ('if for while switch catch with return foreach using lock fixed synchronized do try else elif until unless match ' +
    'sizeof typeof await yield function super this defer go select loop when guard case new delete throw in of and ' +
    'or not assert checked unchecked unsafe static_assert decltype alignof noexcept').split(' '),
)

const FUNCTION_KW = /\bfunction\b\s*\*?\s*([\w$]*)\s*(?:<[^()]*>)?\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)[^(){}]*$/
const ARROW_DECL = /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:const|let|var)\s+([\w$]+)/
const ARROW_PROP = /^(?:(?:public|private|protected|static|readonly|override|async|get|set)\s+)*(#?[\w$]+)\s*[?!]?\s*(?::\s*[^=]+?)?\s*[:=]\s*(?:async\s*)?(?:\(|[\w$]+\s*=>|<|function\b)/
const GENERIC =
  /([A-Za-z_$~][\w$]*)\s*(?:<[^<>()]*(?:<[^<>()]*>[^<>()]*)*>)?\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\s*([^(){};=]*)$/

/** Start offset of the last statement in the prefix (see the file comment). */
export function lastStatementStart(prefix: string): number {
  let depth = 0
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix[i]
    if (c === ')' || c === ']' || c === '}') depth++
    else if (c === '>' && prefix[i - 1] !== '=' && prefix[i - 1] !== '-') depth++
    else if (c === '<') {
      if (depth > 0) depth--
    } else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return i + 1
      depth--
    } else if ((c === ',' || c === '\n') && depth === 0) return i + 1
  }
  return 0
}

function lastMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0
  let last: RegExpExecArray | null = null
  for (let m = re.exec(text); m; m = re.exec(text)) {
    last = m
    if (m[0].length === 0) re.lastIndex++
  }
  return last
}

function found(m: RegExpExecArray, offset: number): HeaderMatch | null {
  const name = m.slice(1).find((g) => g !== undefined && g !== '')
  if (!name || NOT_NAMES.has(name)) return null
  return { name, index: offset + m.index + Math.max(0, m[0].indexOf(name)) }
}

/** `lang` is the lower-cased language name. Returns null for anonymous functions and non-function blocks. */
export function matchHeader(prefix: string, lang: string): HeaderMatch | null {
  const body = prefix.trimEnd()
  const keyword = KEYWORD_HEADERS[lang]
  if (keyword) {
    const start = WHOLE_PREFIX.has(lang) ? 0 : lastStatementStart(body)
    const m = lastMatch(keyword, body.slice(start))
    return m ? found(m, start) : null
  }
  const start = lastStatementStart(body)
  const seg = body.slice(start)
  const lead = seg.length - seg.trimStart().length
  const stmt = seg.trimStart()
  const fn = FUNCTION_KW.exec(stmt)
  if (fn && fn[1]) return found(fn, start + lead)
  if (fn || stmt.endsWith('=>')) {
    const m = ARROW_DECL.exec(stmt) ?? ARROW_PROP.exec(stmt)
    return m ? found(m, start + lead) : null
  }
  const m = GENERIC.exec(stmt)
  if (!m) return null
  const before = stmt.slice(0, m.index)
  if (/\b(?:new|record)\s*$/.test(before) || /\.\s*$/.test(before)) return null
  return found(m, start + lead)
}
