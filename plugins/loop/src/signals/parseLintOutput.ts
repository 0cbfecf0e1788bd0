// Turns a project's own lint command output into error/warning counts for `mmm improve`.
// Runs inside the sandbox bundle: plain ECMAScript, only a relative import.
// Two passes: linters that print a run summary are read from it (the summary is what the tool itself
// counts); only when none is found are per-problem lines classified, each line once, so a tool's
// lines and its summary are never both counted.
import { stripAnsi } from './parseTestOutput.ts'

export interface LintCounts { errors: number; warnings: number; tool: string }

type Found = { errors: number; warnings: number }
type Recogniser = (text: string, lines: readonly string[]) => (Found & { tool: string }) | undefined

/** Problems reported by a linter run; exitCode decides when nothing is recognisable (0 → 0 problems, else 1 error). */
export function parseLintOutput(output: string, exitCode: number | null): LintCounts {
  const text = stripAnsi(output)
  const lines = text.split('\n')
  const total = { errors: 0, warnings: 0 }
  const tools: string[] = []
  for (const recognise of SUMMARIES) {
    const found = recognise(text, lines)
    if (!found) continue
    tools.push(found.tool)
    total.errors += found.errors
    total.warnings += found.warnings
  }
  if (tools.length > 0) return { ...total, tool: tools.join('+') }
  const perLine = classifyLines(lines)
  if (perLine) return perLine
  return { errors: exitCode === 0 ? 0 : 1, warnings: 0, tool: 'exit-code' }
}

// eslint stylish / stylelint: `✖ 5 problems (3 errors, 2 warnings)`. stylelint marks its lines ✖/⚠, eslint writes words.
function problemsSummary(text: string): (Found & { tool: string }) | undefined {
  const found = sumPairs(text, /(?:^|\s)(?:✖\s+)?\d+ problems? \((\d+) errors?, (\d+) warnings?\)/gm)
  if (!found) return undefined
  return { ...found, tool: /^\s+\d+:\d+\s+[✖⚠]\s/m.test(text) ? 'stylelint' : 'eslint' }
}

// biome: `Checked 5 files in 2ms.` then `Found 3 errors.` / `Found 2 warnings.`; ruff: `Found 3 errors.`
// (`Found 3 errors (2 fixed, 1 remaining).` with --fix) or `All checks passed!`.
function foundSummary(text: string): (Found & { tool: string }) | undefined {
  const isBiome = /(?:^|\s)Checked \d+ files? in /m.test(text)
  if (isBiome) {
    const errors = sumAll(text, /^Found (\d+) errors?\.?[ \t]*$/gm) ?? 0
    return { errors, warnings: sumAll(text, /^Found (\d+) warnings?\.?[ \t]*$/gm) ?? 0, tool: 'biome' }
  }
  const remaining = sumAll(text, /^Found \d+ errors? \(\d+ fixed, (\d+) remaining\)\./gm)
  const plain = sumAll(text, /^Found (\d+) errors?\.[ \t]*$/gm)
  if (remaining === undefined && plain === undefined && !/^All checks passed!/m.test(text)) return undefined
  return { errors: (remaining ?? 0) + (plain ?? 0), warnings: 0, tool: 'ruff' }
}

// cargo clippy / rustc: `warning: …` / `error[E0308]: …` headers followed by a ` --> file:line` pointer;
// the `generated N warnings` and `could not compile … due to N previous errors` summaries win when present.
function clippy(_text: string, lines: readonly string[]): (Found & { tool: string }) | undefined {
  let blocks: Found | undefined
  let summaryWarnings: number | undefined
  let summaryErrors: number | undefined
  for (const [i, line] of lines.entries()) {
    const generated = /^warning: .* generated (\d+) warnings?\b/.exec(line)
    if (generated) summaryWarnings = (summaryWarnings ?? 0) + Number(generated[1])
    const failed = /^error: could not compile .* due to (\d+ )?previous errors?/.exec(line)
    if (failed) summaryErrors = (summaryErrors ?? 0) + Number(failed[1] ?? 1)
    const header = /^(warning|error)(?:\[[A-Z]\d+\])?: /.exec(line)
    if (!header || !/^\s*--> /.test(lines[i + 1] ?? '')) continue
    blocks ??= { errors: 0, warnings: 0 }
    if (header[1] === 'error') blocks.errors++
    else blocks.warnings++
  }
  // A clean run prints only `Finished `dev` profile … target(s) in 0.04s`: recognised, zero problems.
  const finished = lines.some((line) => /^\s*Finished .* target\(s\) in /.test(line))
  if (!blocks && summaryWarnings === undefined && summaryErrors === undefined && !finished) return undefined
  return { errors: summaryErrors ?? blocks?.errors ?? 0, warnings: summaryWarnings ?? blocks?.warnings ?? 0, tool: 'clippy' }
}

// golangci-lint v2: `3 issues:` followed by `* linter: N` lines, or `0 issues.` when clean.
function golangci(text: string): (Found & { tool: string }) | undefined {
  const errors = sumAll(text, /^(\d+) issues?[:.][ \t]*$/gm)
  return errors === undefined ? undefined : { errors, warnings: 0, tool: 'golangci-lint' }
}

// rubocop: `12 files inspected, 3 offenses detected`; offenses printed as `file:1:1: W: …` are warnings, others errors.
function rubocop(text: string): (Found & { tool: string }) | undefined {
  const matches = [...text.matchAll(/(?:^|\s)\d+ files? inspected, (no|\d+) offenses? detected/gm)]
  if (matches.length === 0) return undefined
  const offenses = matches.reduce((sum, match) => sum + (match[1] === 'no' ? 0 : Number(match[1])), 0)
  const warnings = Math.min(offenses, [...text.matchAll(/^\S+:\d+:\d+: W: /gm)].length)
  return { errors: offenses - warnings, warnings, tool: 'rubocop' }
}

// markdownlint-cli2: `Summary: 2 error(s)` (its per-rule lines go to stderr and are the same problems).
function markdownlintSummary(text: string): (Found & { tool: string }) | undefined {
  const errors = sumAll(text, /^Summary: (\d+) error\(s\)/gm)
  return errors === undefined ? undefined : { errors, warnings: 0, tool: 'markdownlint' }
}

// shellcheck: tty blocks (`In x.sh line 3:` then `^-- SC2086 (info): …`) or gcc lines (`x.sh:3:6: note: … [SC2086]`).
// Only `error` severity is an error; warning, info, style and note are warnings.
function shellcheck(text: string): (Found & { tool: string }) | undefined {
  const severities = [
    ...[...text.matchAll(/\bSC\d{4} \((error|warning|info|style)\):/g)].map((match) => match[1]),
    ...[...text.matchAll(/^\S+:\d+:\d+: (error|warning|note|info|style): .*\[SC\d{4}\][ \t]*$/gm)].map((match) => match[1]),
  ]
  if (severities.length === 0) return undefined
  const errors = severities.filter((severity) => severity === 'error').length
  return { errors, warnings: severities.length - errors, tool: 'shellcheck' }
}

const SUMMARIES: readonly Recogniser[] = [problemsSummary, foundSummary, clippy, golangci, rubocop, markdownlintSummary, shellcheck]

// Per-line formats, tried in order on each line; the first that matches classifies it. `null` means "not a problem".
type LineRule = readonly [tool: string, pattern: RegExp, severity: (match: RegExpExecArray) => 'error' | 'warning' | null]
const LINE_RULES: readonly LineRule[] = [
  // eslint unix: `file.js:1:10: 'x' is defined but never used. [Error/no-unused-vars]`
  ['eslint', /^\S+:\d+:\d+: .*\[(Error|Warning)(?:\/[^\]]*)?\][ \t]*$/, (m) => (m[1] === 'Error' ? 'error' : 'warning')],
  // eslint compact: `file.js: line 1, col 10, Error - 'x' is defined but never used. (no-unused-vars)`
  ['eslint', /^\S+: line \d+, col \d+, (Error|Warning) - /, (m) => (m[1] === 'Error' ? 'error' : 'warning')],
  // eslint stylish without its summary (e.g. truncated): `  1:10  error  'x' is defined …  no-unused-vars`
  ['eslint', /^\s+\d+:\d+\s+(error|warning)\s+\S/, (m) => (m[1] === 'error' ? 'error' : 'warning')],
  // stylelint string formatter: `  1:7  ✖  Unexpected empty block  block-no-empty`
  ['stylelint', /^\s+\d+:\d+\s+(✖|⚠)\s/, (m) => (m[1] === '✖' ? 'error' : 'warning')],
  // pylint: `a.py:1:0: C0114: Missing module docstring (missing-module-docstring)`; E and F are errors.
  ['pylint', /^\S+\.py:\d+:\d+: ([CRWEFI])\d{4}: /, (m) => (m[1] === 'E' || m[1] === 'F' ? 'error' : m[1] === 'I' ? null : 'warning')],
  // flake8 / pycodestyle / ruff concise: `a.py:10:5: E301 expected 1 blank line`; W codes are warnings.
  ['flake8', /^\S+:\d+:\d+: ([A-Z]+)\d+ /, (m) => (m[1] === 'W' ? 'warning' : 'error')],
  // markdownlint: `README.md:3 MD022/blanks-around-headings …` (cli2 may add `:col` and `error`/`warning`).
  ['markdownlint', /^\S+:\d+(?::\d+)?\s+(?:(error|warning)\s+)?MD\d{3}\//, (m) => (m[1] === 'warning' ? 'warning' : 'error')],
  // generic `path.ext:line[:col]: message`; a leading `warning:` makes it a warning, `note:`/`info:` nothing.
  ['generic', /^\s*[^\s:]+\.[A-Za-z]\w*:\d+(?::\d+)?:\s+(?:(warning|note|info|hint)\b)?\S/i, (m) => {
    const word = m[1]?.toLowerCase()
    return word === 'warning' ? 'warning' : word ? null : 'error'
  }],
]

/** Classifies each line by the first matching per-line format; undefined when no line looked like a problem. */
function classifyLines(lines: readonly string[]): LintCounts | undefined {
  const counts = { errors: 0, warnings: 0 }
  const tools = new Set<string>()
  for (const line of lines) {
    for (const [tool, pattern, severity] of LINE_RULES) {
      const match = pattern.exec(line)
      if (!match) continue
      const kind = severity(match)
      if (kind) tools.add(tool)
      if (kind === 'error') counts.errors++
      else if (kind === 'warning') counts.warnings++
      break
    }
  }
  return tools.size === 0 ? undefined : { ...counts, tool: [...tools].join('+') }
}

// Helpers

/** Sums group 1 (errors) and group 2 (warnings) over all matches; undefined when nothing matched. */
function sumPairs(text: string, re: RegExp): Found | undefined {
  let found: Found | undefined
  for (const match of text.matchAll(re)) {
    found ??= { errors: 0, warnings: 0 }
    found.errors += Number(match[1])
    found.warnings += Number(match[2])
  }
  return found
}

/** Sum of group 1 over all matches; undefined when nothing matched. */
function sumAll(text: string, re: RegExp): number | undefined {
  let sum: number | undefined
  for (const match of text.matchAll(re)) sum = (sum ?? 0) + Number(match[1])
  return sum
}
