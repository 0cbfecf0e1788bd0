// Turns a project's own typecheck command output into one number for `mmm improve`.
// Runs inside the sandbox bundle: plain ECMAScript, only a relative import.
// Per checker, the larger of "summary says" and "error lines counted" is taken: tsc prints no summary
// with --pretty false, and a truncated log may lose lines but keep the summary. Checkers are summed,
// since one command may run several (tsc in one package, mypy in another).
import { stripAnsi } from './parseTestOutput.ts'

type Checker = (text: string, lines: readonly string[]) => number | undefined

/** Type errors reported by a type checker (tsc, vue-tsc, mypy, pyright, mypy's "Success"), else by exit code (0 → 0, else 1). */
export function parseTypeErrors(output: string, exitCode: number | null): number {
  const text = stripAnsi(output)
  const lines = text.split('\n')
  let total: number | undefined
  for (const check of CHECKERS) {
    const errors = check(text, lines)
    if (errors !== undefined) total = (total ?? 0) + errors
  }
  return total ?? (exitCode === 0 ? 0 : 1)
}

// tsc / vue-tsc: `a.ts(1,7): error TS2322: …` or `a.ts:1:7 - error TS2322: …`, then (pretty only)
// `Found 3 errors in 2 files.`, `Found 2 errors in the same file, starting at: a.ts:1`, `Found 1 error in b.ts:1`,
// `Found 1 error.`, or in watch mode `Found 0 errors. Watching for file changes.`
function tsc(text: string): number | undefined {
  const lines = count(text, /\berror TS\d+:/g)
  const summary = sumAll(text, /(?:^|\s)Found (\d+) errors?(?: in (?!\d+ files? \(checked)|\.)/gm)
  return maxOf(lines, summary)
}

// mypy: `a.py:3: error: …` lines, then `Found 2 errors in 1 file (checked 3 source files)` or
// `Success: no issues found in 3 source files`.
function mypy(text: string): number | undefined {
  const lines = count(text, /^\S+\.pyi?:\d+(?::\d+)?: error: /gm)
  const summary = sumAll(text, /(?:^|\s)Found (\d+) errors? in \d+ files? \(checked \d+ source files?\)/gm)
  const success = /(?:^|\s)Success: no issues found/m.test(text) ? 0 : undefined
  return maxOf(lines, maxOf(summary, success))
}

// pyright: `  /p/a.py:1:5 - error: …` lines, then `3 errors, 1 warning, 0 informations`.
function pyright(text: string): number | undefined {
  const lines = count(text, /^\s*\S+:\d+:\d+ - error: /gm)
  const summary = sumAll(text, /(?:^|\s)(\d+) errors?, \d+ warnings?, \d+ informations?\b/gm)
  return maxOf(lines, summary)
}

// cargo check / rustc: `error[E0308]: …` headers followed by a ` --> file:line` pointer, and
// `error: could not compile `x` (lib) due to 2 previous errors` (older: `due to previous error`).
function cargo(_text: string, lines: readonly string[]): number | undefined {
  let headers: number | undefined
  let summary: number | undefined
  for (const [i, line] of lines.entries()) {
    const failed = /^error: could not compile .* due to (\d+ )?previous errors?/.exec(line)
    if (failed) summary = (summary ?? 0) + Number(failed[1] ?? 1)
    else if (/^error(?:\[E\d+\])?: /.test(line) && /^\s*--> /.test(lines[i + 1] ?? '')) headers = (headers ?? 0) + 1
  }
  return maxOf(headers, summary)
}

const CHECKERS: readonly Checker[] = [tsc, mypy, pyright, cargo]

// Helpers

/** Number of matches, or undefined when there are none (so "no lines" can defer to a summary). */
function count(text: string, re: RegExp): number | undefined {
  const n = [...text.matchAll(re)].length
  return n === 0 ? undefined : n
}

/** Sum of group 1 over all matches; undefined when nothing matched. */
function sumAll(text: string, re: RegExp): number | undefined {
  let sum: number | undefined
  for (const match of text.matchAll(re)) sum = (sum ?? 0) + Number(match[1])
  return sum
}

function maxOf(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return Math.max(a, b)
}
