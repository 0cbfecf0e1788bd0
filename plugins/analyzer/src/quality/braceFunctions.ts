// Functions in brace languages: walk `{` / `}` / `;` over the comment- and string-free code, keeping the code
// since the last statement boundary as the "prefix"; at each `{` ask matchHeader whether the prefix is a function
// header. A function runs from the line of its name to the line of its matching `}`.
// A `{` that follows `(`, `,`, `:`, `=`, ... without being a function is an object literal or an inline type
// (`f(opts: { a: number; b: string }) {`): its braces and `;` do not cut the prefix.
// Limits: anonymous functions/closures/lambdas are not functions of their own (their lines count in the enclosing
// named function); braces inside regex literals or macros can unbalance the walk (depth never goes below 0);
// expression-bodied functions without braces (`fun f() = 1`, `int f() => 1;`) are not seen.
import type { FunctionInfo } from '../types.ts'
import { matchHeader } from './functionHeaders.ts'

export interface FunctionScan {
  functions: FunctionInfo[]
  /** Lines where a function's blocks first nest DEEP_NESTING levels deep (one per function). */
  deepNesting: number[]
  /** Rust: lines inside `#[cfg(test)]` / `#[test]` items (index = line number). */
  testLines?: boolean[]
}

/** A block this many levels inside a function body counts as deep nesting. */
export const DEEP_NESTING = 5
const MAX_PREFIX = 600
const INLINE_BEFORE = new Set(['(', ',', ':', '=', '|', '&', '<', '?', '[', '!', '+'])
const RUST_TEST_ATTR = /#\[\s*(?:cfg\s*\(\s*test\s*\)|test)\s*\]/

interface Frame {
  fn: { name: string; line: number; deep: boolean } | null
  /** Object literal / inline type: keeps the prefix. */
  inline: boolean
  /** Block levels below the innermost function body (-1: not inside a function). */
  nest: number
  /** Index of the innermost enclosing function frame (itself if fn), -1 if none. */
  fnAt: number
  test: boolean
}

export function braceFunctions(struct: readonly string[], lang: string): FunctionScan {
  const functions: FunctionInfo[] = []
  const deepNesting: number[] = []
  const rust = lang === 'rust'
  const testLines: boolean[] | undefined = rust ? [] : undefined
  const cPre = lang === 'c' || lang === 'c++' || lang === 'objective-c' || lang === 'c#' || lang === 'objective-c++'
  const stack: Frame[] = []
  let testDepth = 0
  let prefix = ''
  let prefixLine = 1

  const append = (seg: string, line: number): void => {
    if (prefix === '') {
      seg = seg.trimStart()
      if (seg === '') return
      prefixLine = line
    }
    prefix += seg
    if (prefix.length > MAX_PREFIX) {
      const cut = prefix.length - MAX_PREFIX
      for (let k = 0; k < cut; k++) if (prefix.charCodeAt(k) === 10) prefixLine++
      prefix = prefix.slice(cut)
    }
  }
  const reset = (): void => {
    prefix = ''
  }

  for (let li = 0; li < struct.length; li++) {
    const line = li + 1
    const text = struct[li] as string
    if (testLines && testDepth > 0) testLines[line] = true
    if (cPre && text.trimStart().startsWith('#')) continue
    let from = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c !== 123 && c !== 125 && c !== 59) continue // { } ;
      append(text.slice(from, i), line)
      from = i + 1
      const top = stack[stack.length - 1]
      if (c === 59) {
        if (top?.inline) append(';', line)
        else reset()
        continue
      }
      if (c === 123) {
        const header = matchHeader(prefix, lang)
        const parentFnAt = top ? top.fnAt : -1
        let frame: Frame
        if (header) {
          let nameLine = prefixLine
          for (let k = 0; k < header.index; k++) if (prefix.charCodeAt(k) === 10) nameLine++
          frame = { fn: { name: header.name, line: nameLine, deep: false }, inline: false, nest: 0, fnAt: stack.length, test: false }
        } else {
          const last = prefix.trimEnd().slice(-1)
          const inline = INLINE_BEFORE.has(last)
          const nest = top ? (inline ? top.nest : top.nest >= 0 ? top.nest + 1 : -1) : -1
          frame = { fn: null, inline, nest, fnAt: parentFnAt, test: false }
          const owner = parentFnAt >= 0 ? stack[parentFnAt] : undefined
          if (owner?.fn && !owner.fn.deep && nest >= DEEP_NESTING) {
            owner.fn.deep = true
            deepNesting.push(line)
          }
        }
        if (rust && RUST_TEST_ATTR.test(prefix)) {
          frame.test = true
          testDepth++
          if (testLines) testLines[line] = true
        }
        stack.push(frame)
        if (frame.inline) append('{', line)
        else reset()
        continue
      }
      // `}`
      const frame = stack.pop()
      if (!frame) {
        reset()
        continue
      }
      if (frame.test) testDepth--
      if (frame.fn) functions.push({ name: frame.fn.name, line: frame.fn.line, lines: line - frame.fn.line + 1 })
      if (frame.inline) append('}', line)
      else reset()
    }
    append(text.slice(from), line)
    if (prefix !== '') prefix += '\n'
    if (testLines && testDepth > 0) testLines[line] = true
  }
  functions.sort((a, b) => a.line - b.line)
  return testLines ? { functions, deepNesting, testLines } : { functions, deepNesting }
}
