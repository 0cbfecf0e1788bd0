// Turns a project's own test command output into pass/fail/skip counts for `mmm improve`.
// Runs inside the sandbox bundle: plain ECMAScript, no imports. Each framework has a small parser
// keyed on its end-of-run summary (never on per-test lines, which reporters print inconsistently),
// so one number per run is read and several runs (monorepos) are summed.

export interface TestCounts { passed: number; failed: number; skipped: number; framework: string }

type Counts = { passed: number; failed: number; skipped: number }
type Parser = (text: string) => Counts | undefined

/** Adds one summary's counts to what a parser found so far (a log may hold several runs). */
function add(found: Counts | undefined, passed: number, failed: number, skipped: number): Counts {
  return { passed: (found?.passed ?? 0) + passed, failed: (found?.failed ?? 0) + failed, skipped: (found?.skipped ?? 0) + skipped }
}

/** Counts from a test run's combined stdout+stderr; undefined when no known summary is found. */
export function parseTestOutput(output: string): TestCounts | undefined {
  const text = stripAnsi(output)
  const total: Counts = { passed: 0, failed: 0, skipped: 0 }
  const names: string[] = []
  // Different frameworks print disjoint summaries, so a mixed run (e.g. vitest + pytest) is summed too.
  for (const [name, parse] of PARSERS) {
    const counts = parse(text)
    if (!counts) continue
    names.push(name)
    total.passed += counts.passed
    total.failed += counts.failed
    total.skipped += counts.skipped
  }
  return names.length === 0 ? undefined : { ...total, framework: names.join('+') }
}

/** Removes ANSI colour/cursor escapes and turns carriage returns into line breaks, so summaries match. */
export function stripAnsi(text: string): string {
  return text
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g, '')
    .replace(/\r\n?/g, '\n')
}

// node --test: TAP (`# pass 2`) or spec (`ℹ pass 2`) footer. todo tests are not verified, so they count as skipped;
// cancelled tests make the run fail, so they count as failed.
function parseNodeTest(text: string): Counts | undefined {
  const re = /(?:^|\s)(?:#|ℹ) (pass|fail|cancelled|skipped|todo) (\d+)[ \t]*$/gm
  const sums = sumByKey(text, re)
  if (sums.pass === undefined) return undefined
  return { passed: sums.pass, failed: (sums.fail ?? 0) + (sums.cancelled ?? 0), skipped: (sums.skipped ?? 0) + (sums.todo ?? 0) }
}

// vitest: `Tests  1 failed | 4 passed | 1 skipped | 1 todo (7)`; the `Test Files` line is not counted.
function parseVitest(text: string): Counts | undefined {
  return sumLines(text, /(?:^|\s)Tests\s+(\d+ [a-z]+(?: \| \d+ [a-z]+)*)\s+\(\d+\)[ \t]*$/gm, (items) => ({
    passed: items.passed ?? 0,
    failed: items.failed ?? 0,
    skipped: (items.skipped ?? 0) + (items.todo ?? 0),
  }))
}

// jest: `Tests:       1 failed, 2 skipped, 3 passed, 6 total`.
function parseJest(text: string): Counts | undefined {
  return sumLines(text, /(?:^|\s)Tests:\s+((?:\d+ [a-z]+, )*\d+ total)[ \t]*$/gm, (items) => ({
    passed: items.passed ?? 0,
    failed: items.failed ?? 0,
    skipped: (items.skipped ?? 0) + (items.todo ?? 0) + (items.pending ?? 0),
  }))
}

// mocha: `3 passing (12ms)`, `2 pending`, `1 failing` on separate lines; the passing line is always printed.
function parseMocha(text: string): Counts | undefined {
  const passing = sumAll(text, /(?:^|\s)(\d+) passing \(\d/gm)
  if (passing === undefined) return undefined
  return {
    passed: passing,
    failed: sumAll(text, /(?:^|\s)(\d+) failing[ \t]*$/gm) ?? 0,
    skipped: sumAll(text, /(?:^|\s)(\d+) pending[ \t]*$/gm) ?? 0,
  }
}

// pytest: `=== 1 failed, 3 passed, 1 skipped, 1 xfailed, 1 xpassed, 1 error in 0.95s ===` (also -q, without `=`).
// An xfail is a known-broken test (skipped); an xpass passed; setup errors are failures.
const PYTEST_WORDS = new Set(['passed', 'failed', 'error', 'errors', 'skipped', 'xfailed', 'xpassed', 'deselected', 'warning', 'warnings', 'rerun'])
function parsePytest(text: string): Counts | undefined {
  let found: Counts | undefined
  const re = /(?:^|[\s=])((?:\d+ [a-z]+, )*\d+ [a-z]+|no tests ran) in \d+(?:\.\d+)?s\b/gm
  for (const match of text.matchAll(re)) {
    const items = parseItems(match[1] ?? '')
    if (!Object.keys(items).every((word) => PYTEST_WORDS.has(word))) continue
    found = add(found, (items.passed ?? 0) + (items.xpassed ?? 0), (items.failed ?? 0) + (items.error ?? 0) + (items.errors ?? 0), (items.skipped ?? 0) + (items.xfailed ?? 0))
  }
  return found
}

// python -m unittest: `Ran 6 tests in 0.001s`, a blank line, then `OK`, `OK (skipped=1)` or
// `FAILED (failures=1, errors=1, skipped=2)`; the verdict is what gives failures, so both are required.
function parseUnittest(text: string): Counts | undefined {
  let found: Counts | undefined
  const re = /(?:^|\s)Ran (\d+) tests? in \d+(?:\.\d+)?s[ \t]*\n(?:[ \t]*\n)*[ \t]*(OK|FAILED|NO TESTS RAN)(?: \(([^)]*)\))?/g
  for (const match of text.matchAll(re)) {
    const items: Record<string, number> = {}
    for (const [, key, value] of (match[3] ?? '').matchAll(/([a-z ]+)=(\d+)/g)) items[(key ?? '').trim()] = Number(value)
    const failed = (items.failures ?? 0) + (items.errors ?? 0) + (items['unexpected successes'] ?? 0)
    const skipped = (items.skipped ?? 0) + (items['expected failures'] ?? 0)
    found = add(found, Math.max(0, Number(match[1]) - failed - skipped), failed, skipped)
  }
  return found
}

// cargo test: one `test result:` line per test binary (unit, integration, doc-tests), summed.
function parseCargo(text: string): Counts | undefined {
  let found: Counts | undefined
  for (const match of text.matchAll(/test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored;/g)) {
    found = add(found, Number(match[1]), Number(match[2]), Number(match[3]))
  }
  return found
}

// go test: `--- PASS/FAIL/SKIP:` lines (all of them with -v, only failures without), each package closed by
// `ok  <pkg> 0.01s` or `FAIL <pkg> ...`. A package that printed no `---` line counts as one test, so a
// non-verbose passing package or a build failure still shows up.
function parseGo(text: string): Counts | undefined {
  let found: Counts | undefined
  let inPackage = 0
  for (const line of text.split('\n')) {
    const test = /^\s*--- (PASS|FAIL|SKIP): /.exec(line)
    const pkg = test ? null : /^(ok|FAIL)\s+\S+\s+(?:\(cached\)|\d+(?:\.\d+)?s|\[[^\]]*\])/.exec(line)
    if (!test && !pkg) continue
    found ??= { passed: 0, failed: 0, skipped: 0 }
    const outcome = test ? test[1] : pkg?.[1] === 'ok' ? 'PASS' : 'FAIL'
    if (pkg && inPackage > 0) {
      inPackage = 0
      continue
    }
    if (test) inPackage++
    if (outcome === 'PASS') found.passed++
    else if (outcome === 'FAIL') found.failed++
    else found.skipped++
  }
  return found
}

// rspec: `5 examples, 1 failure, 1 pending` (+ `, 1 error occurred outside of examples` when a file fails to load).
function parseRspec(text: string): Counts | undefined {
  let found: Counts | undefined
  const re = /(?:^|\s)(\d+) examples?, (\d+) failures?(?:, (\d+) pending)?(?:, (\d+) errors? occurred outside of examples)?/g
  for (const match of text.matchAll(re)) {
    const failed = Number(match[2])
    const pending = Number(match[3] ?? 0)
    found = add(found, Math.max(0, Number(match[1]) - failed - pending), failed + Number(match[4] ?? 0), pending)
  }
  return found
}

// phpunit: `OK (5 tests, 10 assertions)` or `Tests: 5, Assertions: 8, Failures: 1, Errors: 1, Skipped: 1.`
function parsePhpunit(text: string): Counts | undefined {
  let found: Counts | undefined
  for (const match of text.matchAll(/(?:^|\s)OK \((\d+) tests?, \d+ assertions?\)/g)) {
    found = add(found, Number(match[1]), 0, 0)
  }
  for (const match of text.matchAll(/(?:^|\s)Tests: (\d+), Assertions: \d+((?:, [A-Za-z ]+: \d+)*)/g)) {
    const items: Record<string, number> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(/, ([A-Za-z ]+): (\d+)/g)) items[(key ?? '').toLowerCase()] = Number(value)
    const failed = (items.failures ?? 0) + (items.errors ?? 0)
    const skipped = (items.skipped ?? 0) + (items.incomplete ?? 0)
    found = add(found, Math.max(0, Number(match[1]) - failed - skipped), failed, skipped)
  }
  return found
}

// dotnet test: one `Passed!  - Failed: 0, Passed: 3, Skipped: 0, ...` line per test assembly; newer SDKs print
// only `Test summary: total: 3, failed: 0, succeeded: 3, skipped: 0`, read when the per-assembly lines are absent.
function parseDotnet(text: string): Counts | undefined {
  let found: Counts | undefined
  for (const match of text.matchAll(/(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)/g)) {
    found = add(found, Number(match[2]), Number(match[1]), Number(match[3]))
  }
  if (found) return found
  for (const match of text.matchAll(/Test summary: total: \d+, failed: (\d+), succeeded: (\d+), skipped: (\d+)/g)) {
    found = add(found, Number(match[2]), Number(match[1]), Number(match[3]))
  }
  return found
}

const PARSERS: ReadonlyArray<readonly [string, Parser]> = [
  ['node-test', parseNodeTest],
  ['vitest', parseVitest],
  ['jest', parseJest],
  ['mocha', parseMocha],
  ['pytest', parsePytest],
  ['unittest', parseUnittest],
  ['cargo', parseCargo],
  ['go', parseGo],
  ['rspec', parseRspec],
  ['phpunit', parsePhpunit],
  ['dotnet', parseDotnet],
]

// Helpers

/** `1 failed | 4 passed` or `1 failed, 3 passed` → { failed: 1, passed: 4 }. */
function parseItems(list: string): Record<string, number> {
  const items: Record<string, number> = {}
  for (const [, count, word] of list.matchAll(/(\d+) ([a-z]+)/g)) items[word ?? ''] = (items[word ?? ''] ?? 0) + Number(count)
  return items
}

/** Sums every summary line matched by `re` (group 1: the item list), mapped through `toCounts`. */
function sumLines(text: string, re: RegExp, toCounts: (items: Record<string, number>) => Counts): Counts | undefined {
  let found: Counts | undefined
  for (const match of text.matchAll(re)) {
    const counts = toCounts(parseItems(match[1] ?? ''))
    found = add(found, counts.passed, counts.failed, counts.skipped)
  }
  return found
}

/** `key N` pairs (group 1 key, group 2 number) summed per key. */
function sumByKey(text: string, re: RegExp): Record<string, number | undefined> {
  const sums: Record<string, number | undefined> = {}
  for (const [, key, value] of text.matchAll(re)) sums[key ?? ''] = (sums[key ?? ''] ?? 0) + Number(value)
  return sums
}

/** Sum of group 1 over all matches; undefined when nothing matched. */
function sumAll(text: string, re: RegExp): number | undefined {
  let sum: number | undefined
  for (const match of text.matchAll(re)) sum = (sum ?? 0) + Number(match[1])
  return sum
}
