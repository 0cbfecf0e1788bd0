// Functions in `... end` languages (Ruby, Crystal, Elixir, Lua): count block openers and `end` in order on the
// string- and comment-free code. A `def` (Elixir `def`/`defp`/`defmacro` with `do`, Lua `function`) opens a
// function that ends at its matching `end`.
// Ruby/Crystal openers: class module def begin case for, `if`/`unless`/`while`/`until` only at the start of a
// statement (not as modifiers), and `do`. Elixir: `do` (not `do:`) and `fn`. Lua: function if do.
// One-line forms (`def f = x` in Ruby, `def f(x), do: x` in Elixir) are 1-line functions.
// Limits: a multi-line Elixir/Ruby def header loses its name unless `def name` is on the line with the opener;
// `while x do` in Ruby counts twice.
import type { FunctionInfo } from '../types.ts'
import { DEEP_NESTING, type FunctionScan } from './braceFunctions.ts'

interface Family {
  token: RegExp
  /** Openers that only open at the start of a statement. */
  statementOnly: Set<string>
  header: RegExp
  /** Which opener carries the function (the first opener on the header line if undefined). */
  fnOpener?: string
  oneLine?: RegExp
}

const RUBY: Family = {
  token: /\b(class|module|def|begin|case|for|if|unless|while|until|do|end)\b/g,
  statementOnly: new Set(['if', 'unless', 'while', 'until']),
  header: /^\s*def\s+(?:self\.)?([\w.]+[?!=]?)/,
  fnOpener: 'def',
  oneLine: /^\s*def\s+(?:self\.)?[\w.]+[?!]?\s*(?:\([^)]*\))?\s*=(?!=)/,
}
const FAMILIES: Record<string, Family> = {
  ruby: RUBY,
  crystal: RUBY,
  elixir: {
    token: /\b(do|fn|end)\b(?!:)/g,
    statementOnly: new Set(),
    header: /^\s*(?:def|defp|defmacro|defmacrop|defguard|defguardp)\s+([\w?!]+)/,
  },
  lua: {
    token: /\b(function|if|do|end)\b/g,
    statementOnly: new Set(),
    header: /\bfunction\s+([\w.:]+)|\b([\w.]+)\s*=\s*function\b/,
    fnOpener: 'function',
  },
}

export function hasEndFunctions(lang: string): boolean {
  return lang in FAMILIES
}

interface Frame {
  fn: { name: string; line: number; deep: boolean } | null
  nest: number
  fnAt: number
}

export function endFunctions(struct: readonly string[], lang: string): FunctionScan {
  const fam = FAMILIES[lang]
  const functions: FunctionInfo[] = []
  const deepNesting: number[] = []
  if (!fam) return { functions, deepNesting }
  const stack: Frame[] = []
  for (let li = 0; li < struct.length; li++) {
    const text = struct[li] as string
    const line = li + 1
    const head = fam.header.exec(text)
    const name = head ? (head[1] ?? head[2]) : undefined
    let named = false
    if (name && fam.oneLine?.test(text)) {
      functions.push({ name, line, lines: 1 })
      continue
    }
    fam.token.lastIndex = 0
    let opened = false
    for (let m = fam.token.exec(text); m; m = fam.token.exec(text)) {
      const word = m[1] as string
      const prev = text[m.index - 1]
      if (prev === '.' || prev === ':' || prev === '@' || prev === '$') continue
      if (word === 'end') {
        const f = stack.pop()
        if (f?.fn) functions.push({ name: f.fn.name, line: f.fn.line, lines: line - f.fn.line + 1 })
        continue
      }
      if (fam.statementOnly.has(word)) {
        const before = text.slice(0, m.index).trimEnd()
        if (before !== '' && !/[=(,|&]$/.test(before) && !/\b(?:then|else|do|begin|return)$/.test(before)) continue
      }
      opened = true
      const top = stack[stack.length - 1]
      const isFn = name !== undefined && !named && (fam.fnOpener ? word === fam.fnOpener : true)
      if (isFn) {
        named = true
        stack.push({ fn: { name, line, deep: false }, nest: 0, fnAt: stack.length })
        continue
      }
      const nest = top && top.nest >= 0 ? top.nest + 1 : -1
      const fnAt = top ? top.fnAt : -1
      stack.push({ fn: null, nest, fnAt })
      const owner = fnAt >= 0 ? stack[fnAt] : undefined
      if (owner?.fn && !owner.fn.deep && nest >= DEEP_NESTING) {
        owner.fn.deep = true
        deepNesting.push(line)
      }
    }
    if (name && !named && !opened && lang === 'elixir') functions.push({ name, line, lines: 1 })
  }
  functions.sort((a, b) => a.line - b.line)
  return { functions, deepNesting }
}
