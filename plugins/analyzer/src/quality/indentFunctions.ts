// Functions in indentation languages (Python and kin): a `def name` header opens a function that runs until the
// next code line indented no deeper than the header; its length ends at its last code line (trailing blanks and
// comments are not counted). Lines that start inside a multi-line string (docstrings) or inside open brackets
// (continued argument lists) never end a function. Decorators are not counted; one-line `def f(): return 1` is 1.
// Deep nesting: a line indented DEEP_NESTING levels below the function body (level width = the body's indent).
import type { FunctionInfo } from '../types.ts'
import { DEEP_NESTING, type FunctionScan } from './braceFunctions.ts'

const HEADERS: Record<string, RegExp> = {
  python: /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/,
  cython: /^\s*(?:async\s+|cp?)?def\s+(?:[\w.*]+\s+)*?([A-Za-z_]\w*)\s*\(/,
  starlark: /^\s*def\s+([A-Za-z_]\w*)/,
  mojo: /^\s*(?:async\s+)?(?:def|fn)\s+([A-Za-z_]\w*)/,
  nim: /^\s*(?:proc|func|method|iterator|template|macro|converter)\s+`?([A-Za-z_]\w*)/,
  gdscript: /^\s*(?:static\s+)?func\s+([A-Za-z_]\w*)/,
  coffeescript: /^\s*@?([\w$]+)\s*[:=]\s*(?:\([^)]*\)\s*)?[-=]>/,
}

export function hasIndentFunctions(lang: string): boolean {
  return lang in HEADERS
}

interface Open {
  name: string
  line: number
  indent: number
  bodyIndent: number
  deep: boolean
}

function indentOf(text: string): number {
  let n = 0
  for (const ch of text) {
    if (ch === ' ') n++
    else if (ch === '\t') n += 8 - (n % 8)
    else break
  }
  return n
}

export function indentFunctions(struct: readonly string[], inString: readonly boolean[], lang: string): FunctionScan {
  const header = HEADERS[lang]
  const functions: FunctionInfo[] = []
  const deepNesting: number[] = []
  if (!header) return { functions, deepNesting }
  const stack: Open[] = []
  let prevCode = 0
  let brackets = 0
  const close = (upTo: number): void => {
    const f = stack.pop() as Open
    functions.push({ name: f.name, line: f.line, lines: upTo - f.line + 1 })
  }
  for (let li = 0; li < struct.length; li++) {
    const text = struct[li] as string
    const line = li + 1
    const continued = inString[li] === true || brackets > 0
    for (let i = 0; i < text.length; i++) {
      const c = text[i]
      if (c === '(' || c === '[' || c === '{') brackets++
      else if ((c === ')' || c === ']' || c === '}') && brackets > 0) brackets--
    }
    if (text.trim() === '') continue
    if (!continued) {
      const indent = indentOf(text)
      while (stack.length > 0 && indent <= (stack[stack.length - 1] as Open).indent) close(prevCode)
      const top = stack[stack.length - 1]
      if (top) {
        if (top.bodyIndent < 0) top.bodyIndent = indent
        const unit = Math.max(1, top.bodyIndent - top.indent)
        if (!top.deep && indent - top.bodyIndent >= DEEP_NESTING * unit) {
          top.deep = true
          deepNesting.push(line)
        }
      }
      const m = header.exec(text)
      if (m?.[1]) stack.push({ name: m[1], line, indent, bodyIndent: -1, deep: false })
    }
    prevCode = line
  }
  while (stack.length > 0) close(prevCode)
  functions.sort((a, b) => a.line - b.line)
  return { functions, deepNesting }
}
