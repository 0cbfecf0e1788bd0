// Signal parsers of `mmm improve`. Fixtures marked "real" are excerpts of output produced on this machine
// (node 24 --test, vitest 5.1.1, pytest 9.0.3, python 3.11 unittest, cargo/clippy 1.95, tsc 7.0.2);
// the others follow each tool's documented format. Excerpts keep the lines around the summary.
import { describe, expect, it } from 'vitest'
import { parseBudget } from '../src/parseBudget.ts'
import { parseLintOutput } from '../src/signals/parseLintOutput.ts'
import { parseTestOutput } from '../src/signals/parseTestOutput.ts'
import { parseTypeErrors } from '../src/signals/parseTypeErrors.ts'

const E = '\u001b'

describe('parseTestOutput', () => {
  it('reads node --test TAP and spec summaries (real), todo as skipped', () => {
    const tap = `# Subtest: bad\nnot ok 3 - bad\n  ---\n  error: '1 == 2'\n  ...\n# Subtest: skipme\nok 4 - skipme # SKIP\n` +
      `1..5\n# tests 5\n# suites 0\n# pass 2\n# fail 1\n# cancelled 0\n# skipped 1\n# todo 1\n# duration_ms 81.320539\n`
    const spec = `✔ ok1 (1.12347ms)\n✖ bad (0.860128ms)\n﹣ skipme (0.146819ms) # SKIP\n✔ todo (0.198134ms) # TODO\n` +
      `ℹ tests 5\nℹ suites 0\nℹ pass 2\nℹ fail 1\nℹ cancelled 0\nℹ skipped 1\nℹ todo 1\nℹ duration_ms 82.130762\n\n✖ failing tests:\n`
    const coloured = `${E}[32m✔ ok1 ${E}[90m(0.965445ms)${E}[39m${E}[39m\n${E}[34mℹ tests 2${E}[39m\n${E}[34mℹ pass 2${E}[39m\n` +
      `${E}[34mℹ fail 0${E}[39m\n${E}[34mℹ cancelled 0${E}[39m\n${E}[34mℹ skipped 0${E}[39m\n${E}[34mℹ todo 0${E}[39m\n`
    expect(parseTestOutput(tap)).toEqual({ passed: 2, failed: 1, skipped: 2, framework: 'node-test' })
    expect(parseTestOutput(spec)).toEqual({ passed: 2, failed: 1, skipped: 2, framework: 'node-test' })
    expect(parseTestOutput(coloured)).toEqual({ passed: 2, failed: 0, skipped: 0, framework: 'node-test' })
    expect(parseTestOutput('# pass 3\n# fail 0\n# cancelled 1\n')).toEqual({ passed: 3, failed: 1, skipped: 0, framework: 'node-test' })
  })

  it('reads vitest (real, plain and coloured), ignoring Test Files and per-file lines, and sums runs', () => {
    const mixed = ` ❯ v.test.ts (6 tests | 1 failed | 1 skipped | 1 todo) 11ms\n   ✓ a 2ms\n   × bad 7ms\n   ↓ s\n   □ t\n` +
      ` ✓ w.test.ts (1 test) 3ms\n\n FAIL  v.test.ts > bad\nAssertionError: expected 1 to be 2 // Object.is equality\n\n` +
      ` Test Files  1 failed | 1 passed (2)\n      Tests  1 failed | 4 passed | 1 skipped | 1 todo (7)\n   Start at  03:27:07\n`
    const coloured = `${E}[2m Test Files ${E}[22m ${E}[1m${E}[32m1 passed${E}[39m${E}[22m${E}[90m (1)${E}[39m\n` +
      `${E}[2m      Tests ${E}[22m ${E}[1m${E}[32m1 passed${E}[39m${E}[22m${E}[90m (1)${E}[39m\n`
    const monorepo = `kernel test:       Tests  2 failed | 5 passed (7)\nplugins/loop test:       Tests  3 passed | 2 skipped (5)\n`
    expect(parseTestOutput(mixed)).toEqual({ passed: 4, failed: 1, skipped: 2, framework: 'vitest' })
    expect(parseTestOutput(coloured)).toEqual({ passed: 1, failed: 0, skipped: 0, framework: 'vitest' })
    expect(parseTestOutput(monorepo)).toEqual({ passed: 8, failed: 2, skipped: 2, framework: 'vitest' })
  })

  it('reads jest and mocha', () => {
    const jest = ` FAIL  src/sum.test.js\n  ● sum › adds\n PASS  src/other.test.js (5.2 s)\n\nTest Suites: 1 failed, 1 passed, 2 total\n` +
      `Tests:       1 failed, 2 skipped, 3 passed, 6 total\nSnapshots:   0 total\nTime:        1.234 s\n`
    const mocha = `  Array\n    ✔ returns -1\n    1) fails\n    - is pending\n\n\n  3 passing (12ms)\n  2 pending\n  1 failing\n\n  1) Array\n`
    expect(parseTestOutput(jest)).toEqual({ passed: 3, failed: 1, skipped: 2, framework: 'jest' })
    expect(parseTestOutput(mocha)).toEqual({ passed: 3, failed: 1, skipped: 2, framework: 'mocha' })
    expect(parseTestOutput('\n  0 passing (1ms)\n')).toEqual({ passed: 0, failed: 0, skipped: 0, framework: 'mocha' })
  })

  it('reads pytest (real): errors fail, xfail skips, xpass passes; coloured, -q, deselected', () => {
    const mixed = `test_a.py ...FsxXE                                                       [100%]\n` +
      `=========================== short test summary info ============================\nFAILED test_a.py::test_bad - assert 1 == 2\n` +
      `ERROR test_a.py::test_err - RuntimeError: x\n==== 1 failed, 3 passed, 1 skipped, 1 xfailed, 1 xpassed, 1 error in 0.77s =====\n`
    const coloured = `${E}[31m==== ${E}[31m${E}[1m1 failed${E}[0m, ${E}[32m3 passed${E}[0m, ${E}[33m1 skipped${E}[0m, ${E}[33m1 xfailed${E}[0m, ` +
      `${E}[33m1 xpassed${E}[0m, ${E}[31m${E}[1m1 error${E}[0m${E}[31m in 0.69s${E}[0m${E}[31m =====${E}[0m\n`
    const counts = { passed: 4, failed: 2, skipped: 2, framework: 'pytest' }
    expect(parseTestOutput(mixed)).toEqual(counts)
    expect(parseTestOutput(coloured)).toEqual(counts)
    expect(parseTestOutput('test_b.py .                                                              [100%]\n\n' +
      '============================== 1 passed in 0.78s ===============================\n')).toEqual({ ...counts, passed: 1, failed: 0, skipped: 0 })
    expect(parseTestOutput('collected 1 item / 1 deselected / 0 selected\n\n============================ 1 deselected in 1.00s =============================\n'))
      .toEqual({ ...counts, passed: 0, failed: 0, skipped: 0 })
    expect(parseTestOutput('2 failed, 7 passed, 3 warnings, 2 errors in 1.50s\n')).toEqual({ ...counts, passed: 7, failed: 4, skipped: 0 })
  })

  it('reads python unittest (real): FAILED, OK (skipped=1), OK', () => {
    const line = '-'.repeat(70)
    const failed = `FAIL: test_fail (ut_a.T.test_fail)\n${line}\nTraceback (most recent call last):\nAssertionError: 1 != 2\n\n` +
      `${line}\nRan 6 tests in 0.001s\n\nFAILED (failures=1, errors=1, skipped=2)\n`
    expect(parseTestOutput(failed)).toEqual({ passed: 2, failed: 2, skipped: 2, framework: 'unittest' })
    expect(parseTestOutput(`.s\n${line}\nRan 2 tests in 0.000s\n\nOK (skipped=1)\n`)).toEqual({ passed: 1, failed: 0, skipped: 1, framework: 'unittest' })
    expect(parseTestOutput(`.\n${line}\nRan 1 test in 0.000s\n\nOK\n`)).toEqual({ passed: 1, failed: 0, skipped: 0, framework: 'unittest' })
    expect(parseTestOutput(`Ran 3 tests in 0.1s\n\nFAILED (expected failures=1, unexpected successes=1)\n`))
      .toEqual({ passed: 1, failed: 1, skipped: 1, framework: 'unittest' })
  })

  it('sums cargo test result lines over binaries (real)', () => {
    const cargo = `test tests::bad ... FAILED\n\nfailures:\n    tests::bad\n\n` +
      `test result: FAILED. 2 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.09s\n\n` +
      `error: test failed, to rerun pass \`--lib\`\n     Running tests/it.rs (target/debug/deps/it-c6cef259331a044a)\n\nrunning 1 test\ntest it_ok ... ok\n\n` +
      `test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n   Doc-tests crt\n\nrunning 0 tests\n\n` +
      `test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n`
    expect(parseTestOutput(cargo)).toEqual({ passed: 3, failed: 1, skipped: 1, framework: 'cargo' })
  })

  it('reads go test: --- lines with -v (subtests included), packages without', () => {
    const verbose = `=== RUN   TestAdd\n--- PASS: TestAdd (0.00s)\n=== RUN   TestSub\n    calc_test.go:14: Sub(3, 1) = 1; want 2\n` +
      `--- FAIL: TestSub (0.00s)\n--- SKIP: TestSkip (0.00s)\n--- PASS: TestTable (0.00s)\n    --- PASS: TestTable/one (0.00s)\n` +
      `    --- PASS: TestTable/two (0.00s)\nFAIL\nFAIL\texample.com/calc\t0.002s\n--- PASS: TestUtil (0.00s)\nPASS\nok  \texample.com/util\t0.001s\nFAIL\n`
    const quiet = `--- FAIL: TestSub (0.00s)\n    calc_test.go:14: Sub(3, 1) = 1; want 2\nFAIL\nFAIL\texample.com/calc\t0.002s\n` +
      `ok  \texample.com/util\t(cached)\n?   \texample.com/cmd\t[no test files]\nFAIL\texample.com/broken [build failed]\nFAIL\n`
    expect(parseTestOutput(verbose)).toEqual({ passed: 5, failed: 1, skipped: 1, framework: 'go' })
    expect(parseTestOutput(quiet)).toEqual({ passed: 1, failed: 2, skipped: 0, framework: 'go' })
  })

  it('reads rspec, phpunit and dotnet test', () => {
    const rspec = `Finished in 0.01234 seconds (files took 0.1 seconds to load)\n5 examples, 1 failure, 1 pending\n\nFailed examples:\n`
    const phpunit = `..FES                                                               5 / 5 (100%)\n\nTime: 00:00.012, Memory: 8.00 MB\n\n` +
      `FAILURES!\nTests: 5, Assertions: 8, Failures: 1, Errors: 1, Skipped: 1.\n`
    const dotnet = `  Failed Calc.Tests.UnitTest1.Sub [3 ms]\n` +
      `Failed!  - Failed:     1, Passed:     3, Skipped:     1, Total:     5, Duration: 12 ms - Calc.Tests.dll (net8.0)\n` +
      `Passed!  - Failed:     0, Passed:     2, Skipped:     0, Total:     2, Duration: 3 ms - Other.Tests.dll (net8.0)\n`
    expect(parseTestOutput(rspec)).toEqual({ passed: 3, failed: 1, skipped: 1, framework: 'rspec' })
    expect(parseTestOutput('0 examples, 0 failures, 1 error occurred outside of examples\n')).toEqual({ passed: 0, failed: 1, skipped: 0, framework: 'rspec' })
    expect(parseTestOutput(phpunit)).toEqual({ passed: 2, failed: 2, skipped: 1, framework: 'phpunit' })
    expect(parseTestOutput('.....  5 / 5 (100%)\n\nOK (5 tests, 10 assertions)\n')).toEqual({ passed: 5, failed: 0, skipped: 0, framework: 'phpunit' })
    expect(parseTestOutput(dotnet)).toEqual({ passed: 5, failed: 1, skipped: 1, framework: 'dotnet' })
    expect(parseTestOutput('Test summary: total: 4, failed: 1, succeeded: 3, skipped: 0, duration: 1.2s\n'))
      .toEqual({ passed: 3, failed: 1, skipped: 0, framework: 'dotnet' })
  })

  it('sums different frameworks in one log, and finds nothing in empty or garbage output', () => {
    const both = ` Test Files  1 passed (1)\n      Tests  4 passed (4)\n===== 2 passed, 1 failed in 0.10s =====\n`
    expect(parseTestOutput(both)).toEqual({ passed: 6, failed: 1, skipped: 0, framework: 'vitest+pytest' })
    expect(parseTestOutput('')).toBeUndefined()
    expect(parseTestOutput('sh: 1: vitest: not found\nok, all good\nFAIL\npassed\n')).toBeUndefined()
    expect(parseTestOutput(`${E}[31mError: Cannot find module 'x'${E}[39m\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)\n`)).toBeUndefined()
  })
})

describe('parseLintOutput', () => {
  it('reads eslint stylish summaries, coloured, summed over a monorepo', () => {
    const stylish = `\n/home/u/app/src/a.js\n  1:7   error    'unused' is assigned a value but never used  no-unused-vars\n` +
      `  2:1   warning  Unexpected console statement                 no-console\n  3:10  error    'x' is not defined                           no-undef\n\n` +
      `${E}[31m${E}[1m✖ 3 problems (2 errors, 1 warning)${E}[22m${E}[39m\n`
    expect(parseLintOutput(stylish, 1)).toEqual({ errors: 2, warnings: 1, tool: 'eslint' })
    expect(parseLintOutput('packages/a lint: ✖ 3 problems (2 errors, 1 warning)\npackages/b lint: ✖ 1 problem (1 error, 0 warnings)\n', 1))
      .toEqual({ errors: 3, warnings: 1, tool: 'eslint' })
  })

  it('reads eslint unix and compact lines, stylelint', () => {
    const unix = `/app/src/a.js:1:7: 'unused' is assigned a value but never used. [Error/no-unused-vars]\n` +
      `/app/src/a.js:2:1: Unexpected console statement. [Warning/no-console]\n\n2 problems\n`
    const compact = `/app/src/a.js: line 1, col 7, Error - 'unused' is assigned a value but never used. (no-unused-vars)\n` +
      `/app/src/a.js: line 2, col 1, Warning - Unexpected console statement. (no-console)\n/app/src/b.js: line 9, col 3, Error - Unexpected debugger statement. (no-debugger)\n\n3 problems\n`
    const stylelint = `\nsrc/a.css\n  1:7  ✖  Unexpected empty block      block-no-empty\n  3:3  ⚠  Expected "Red" to be "red"  color-named\n\n✖ 2 problems (1 error, 1 warning)\n`
    expect(parseLintOutput(unix, 1)).toEqual({ errors: 1, warnings: 1, tool: 'eslint' })
    expect(parseLintOutput(compact, 1)).toEqual({ errors: 2, warnings: 1, tool: 'eslint' })
    expect(parseLintOutput(stylelint, 2)).toEqual({ errors: 1, warnings: 1, tool: 'stylelint' })
    expect(parseLintOutput(stylelint.replace(/\n\n✖.*\n$/, '\n'), 2)).toEqual({ errors: 1, warnings: 1, tool: 'stylelint' })
  })

  it('reads biome and ruff summaries', () => {
    const biome = `src/a.js:1:5 lint/suspicious/noDoubleEquals  FIXABLE  ━━━━━━━━━━━━━━━━━━━━\n\n  ✖ Use === instead of ==\n\n` +
      `Checked 3 files in 2ms. No fixes applied.\nFound 3 errors.\nFound 2 warnings.\n`
    const ruff = `F401 [*] \`os\` imported but unused\n --> a.py:1:8\n  |\n1 | import os\n  |        ^^\n  |\nhelp: Remove unused import: \`os\`\n\n` +
      `Found 1 error.\n[*] 1 fixable with the \`--fix\` option.\n`
    expect(parseLintOutput(biome, 1)).toEqual({ errors: 3, warnings: 2, tool: 'biome' })
    expect(parseLintOutput('Checked 3 files in 1ms. No fixes applied.\n', 0)).toEqual({ errors: 0, warnings: 0, tool: 'biome' })
    expect(parseLintOutput(ruff, 1)).toEqual({ errors: 1, warnings: 0, tool: 'ruff' })
    expect(parseLintOutput('All checks passed!\n', 0)).toEqual({ errors: 0, warnings: 0, tool: 'ruff' })
    expect(parseLintOutput('Found 3 errors (2 fixed, 1 remaining).\n', 1)).toEqual({ errors: 1, warnings: 0, tool: 'ruff' })
  })

  it('reads flake8/pycodestyle and pylint message lines', () => {
    const flake8 = `./app.py:1:1: F401 'os' imported but unused\n./app.py:10:5: E301 expected 1 blank line, found 0\n` +
      `./app.py:12:80: E501 line too long (88 > 79 characters)\n./app.py:14:1: W391 blank line at end of file\n`
    const pylint = `************* Module app\napp.py:1:0: C0114: Missing module docstring (missing-module-docstring)\n` +
      `app.py:1:0: W0611: Unused import os (unused-import)\napp.py:5:4: E0602: Undefined variable 'y' (undefined-variable)\n\n` +
      `-----------------------------------\nYour code has been rated at 2.50/10\n`
    expect(parseLintOutput(flake8, 1)).toEqual({ errors: 3, warnings: 1, tool: 'flake8' })
    expect(parseLintOutput(pylint, 22)).toEqual({ errors: 1, warnings: 2, tool: 'pylint' })
  })

  it('reads cargo clippy (real): warnings, a denied lint, a clean run', () => {
    const warnings = `warning: unused variable: \`unused\`\n --> src/lib.rs:2:39\n  |\n\nwarning: unneeded \`return\` statement\n --> src/lib.rs:1:37\n  |\n\n` +
      `warning: writing \`&Vec\` instead of \`&[_]\` involves a new object where a slice will do\n --> src/lib.rs:2:13\n  |\n\n` +
      `warning: \`crt\` (lib) generated 3 warnings (run \`cargo clippy --fix --lib -p crt -- \` to apply 2 suggestions)\n` +
      `    Finished \`dev\` profile [unoptimized + debuginfo] target(s) in 0.14s\n`
    const denied = `warning: unneeded \`return\` statement\n --> src/lib.rs:1:37\n  |\n\nerror: approximate value of \`f{32, 64}::consts::PI\` found\n` +
      ` --> src/lib.rs:2:31\n  |\n2 | pub fn m(x: f64) -> f64 { x * 3.14 }\n  |                               ^^^^\n  |\n` +
      `  = note: \`#[deny(clippy::approx_constant)]\` on by default\n\nwarning: \`crt\` (lib) generated 1 warning\n` +
      `error: could not compile \`crt\` (lib) due to 1 previous error; 1 warning emitted\n`
    const clean = `    Checking crt v0.1.0 (/tmp/ls-samples/crt)\n    Finished \`dev\` profile [unoptimized + debuginfo] target(s) in 0.04s\n`
    expect(parseLintOutput(warnings, 0)).toEqual({ errors: 0, warnings: 3, tool: 'clippy' })
    expect(parseLintOutput(denied, 101)).toEqual({ errors: 1, warnings: 1, tool: 'clippy' })
    expect(parseLintOutput(clean, 0)).toEqual({ errors: 0, warnings: 0, tool: 'clippy' })
    expect(parseLintOutput(warnings.split('warning: `crt`')[0] ?? '', 0)).toEqual({ errors: 0, warnings: 3, tool: 'clippy' })
  })

  it('reads golangci-lint, rubocop, shellcheck and markdownlint', () => {
    const golangci = `main.go:8:2: ineffectual assignment to x (ineffassign)\n\tx := 1\n\t^\n` +
      `main.go:12:9: Error return value of \`f.Close\` is not checked (errcheck)\n\tf.Close()\n\t       ^\n2 issues:\n* errcheck: 1\n* ineffassign: 1\n`
    const rubocop = `Inspecting 12 files\n..C.W.......\n\nOffenses:\n\n` +
      `app.rb:1:1: C: [Correctable] Style/FrozenStringLiteralComment: Missing frozen string literal comment.\n` +
      `lib/x.rb:3:5: W: Lint/UselessAssignment: Useless assignment to variable - y.\nlib/x.rb:4:1: C: Layout/TrailingEmptyLines: Final newline missing.\n\n` +
      `12 files inspected, 3 offenses detected, 2 offenses autocorrectable\n`
    const shellTty = `\nIn deploy.sh line 3:\ncp $1 /tmp\n   ^-- SC2086 (info): Double quote to prevent globbing and word splitting.\n\n` +
      `In deploy.sh line 5:\nx=1\n^-- SC2034 (warning): x appears unused. Verify use (or export if used externally).\n\n` +
      `In deploy.sh line 7:\nif [ -f x ]\n^-- SC1049 (error): Did you forget the 'then' for this 'if'?\n\nFor more information:\n` +
      `  https://www.shellcheck.net/wiki/SC1049 -- Did you forget the 'then' for t...\n  https://www.shellcheck.net/wiki/SC2034 -- x appears unused. Verify use (or ...\n`
    const shellGcc = `deploy.sh:3:4: note: Double quote to prevent globbing and word splitting. [SC2086]\n` +
      `deploy.sh:5:1: warning: x appears unused. Verify use (or export if used externally). [SC2034]\n`
    const mdCli = `README.md:3 MD022/blanks-around-headings Headings should be surrounded by blank lines [Expected: 1; Actual: 0; Below] [Context: "# Title"]\n` +
      `README.md:10:81 MD013/line-length Line length [Expected: 80; Actual: 95]\n`
    const mdCli2 = `markdownlint-cli2 v0.13.0 (markdownlint v0.34.0)\nFinding: **/*.md\nLinting: 3 file(s)\nSummary: 2 error(s)\n` +
      `README.md:12 MD013/line-length Line length [Expected: 80; Actual: 95]\ndocs/guide.md:5:1 MD022/blanks-around-headings Headings should be surrounded by blank lines\n`
    expect(parseLintOutput(golangci, 1)).toEqual({ errors: 2, warnings: 0, tool: 'golangci-lint' })
    expect(parseLintOutput('0 issues.\n', 0)).toEqual({ errors: 0, warnings: 0, tool: 'golangci-lint' })
    expect(parseLintOutput(rubocop, 1)).toEqual({ errors: 2, warnings: 1, tool: 'rubocop' })
    expect(parseLintOutput('Inspecting 1 file\n.\n\n1 file inspected, no offenses detected\n', 0)).toEqual({ errors: 0, warnings: 0, tool: 'rubocop' })
    expect(parseLintOutput(shellTty, 1)).toEqual({ errors: 1, warnings: 2, tool: 'shellcheck' })
    expect(parseLintOutput(shellGcc, 1)).toEqual({ errors: 0, warnings: 2, tool: 'shellcheck' })
    expect(parseLintOutput(mdCli, 1)).toEqual({ errors: 2, warnings: 0, tool: 'markdownlint' })
    expect(parseLintOutput(mdCli2, 1)).toEqual({ errors: 2, warnings: 0, tool: 'markdownlint' })
  })

  it('falls back to generic path:line:col lines, then to the exit code', () => {
    const gcc = `src/main.c:10:5: error: 'x' undeclared (first use in this function)\nsrc/main.c:12:1: warning: control reaches end of non-void function\n` +
      `src/main.c:12:1: note: in expansion of macro 'RET'\n    at Object.<anonymous> (/app/a.js:1:2)\n`
    expect(parseLintOutput(gcc, 1)).toEqual({ errors: 1, warnings: 1, tool: 'generic' })
    expect(parseLintOutput('lib/a.rb:3: something odd here\n', 1)).toEqual({ errors: 1, warnings: 0, tool: 'generic' })
    expect(parseLintOutput('', 0)).toEqual({ errors: 0, warnings: 0, tool: 'exit-code' })
    expect(parseLintOutput('Oops! Something went wrong! :(\n\nESLint: 9.0.0\n', 2)).toEqual({ errors: 1, warnings: 0, tool: 'exit-code' })
    expect(parseLintOutput(`${E}[32mdone${E}[39m\n`, null)).toEqual({ errors: 1, warnings: 0, tool: 'exit-code' })
  })
})

describe('parseTypeErrors', () => {
  it('reads tsc (real): pretty summary, plain lines, one-file summary; sums runs', () => {
    const pretty = `${E}[96ma.ts${E}[0m:${E}[93m1${E}[0m:${E}[93m7${E}[0m - ${E}[91merror${E}[0m${E}[90m TS2322: ${E}[0mType 'string' is not assignable to type 'number'.\n\n` +
      `${E}[96ma.ts${E}[0m:${E}[93m2${E}[0m:${E}[93m7${E}[0m - ${E}[91merror${E}[0m${E}[90m TS2322: ${E}[0mType 'number' is not assignable to type 'string'.\n\n` +
      `${E}[96mb.ts${E}[0m:${E}[93m1${E}[0m:${E}[93m7${E}[0m - ${E}[91merror${E}[0m${E}[90m TS2322: ${E}[0mType 'number' is not assignable to type 'boolean'.\n\n\n` +
      `Found 3 errors in 2 files.\n\nErrors  Files\n     2  a.ts${E}[90m:1${E}[0m\n     1  b.ts${E}[90m:1${E}[0m\n`
    const plain = `a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\n` +
      `a.ts(2,7): error TS2322: Type 'number' is not assignable to type 'string'.\nb.ts(1,7): error TS2322: Type 'number' is not assignable to type 'boolean'.\n`
    expect(parseTypeErrors(pretty, 2)).toBe(3)
    expect(parseTypeErrors(plain, 2)).toBe(3)
    expect(parseTypeErrors(`${pretty}\n${plain}`, 2)).toBe(6)
    expect(parseTypeErrors(`\n\nFound 1 error in b.ts${E}[90m:1${E}[0m\n`, 2)).toBe(1)
    expect(parseTypeErrors('Found 2 errors in the same file, starting at: a.ts:1\n', 2)).toBe(2)
    expect(parseTypeErrors('[12:00:00 PM] Found 0 errors. Watching for file changes.\n', null)).toBe(0)
  })

  it('reads mypy, pyright and cargo check (real)', () => {
    const mypy = `app/main.py:3: error: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]\n` +
      `app/main.py:7: note: Revealed type is "builtins.int"\napp/util.py:1: error: Module "os" has no attribute "nope"  [attr-defined]\n` +
      `Found 2 errors in 2 files (checked 3 source files)\n`
    const pyright = `/home/u/app/main.py\n  /home/u/app/main.py:3:9 - error: Type "Literal['s']" is not assignable to declared type "int"\n` +
      `  /home/u/app/main.py:4:9 - error: "y" is not defined (reportUndefinedVariable)\n  /home/u/app/main.py:5:8 - warning: Import "foo" could not be resolved\n` +
      `2 errors, 1 warning, 0 informations \n`
    const cargo = `    Checking crt v0.1.0 (/tmp/ls-samples/crt)\nerror[E0308]: mismatched types\n --> src/lib.rs:2:36\n  |\n\n` +
      `error[E0308]: mismatched types\n --> src/lib.rs:3:27\n  |\n\nFor more information about this error, try \`rustc --explain E0308\`.\n` +
      `error: could not compile \`crt\` (lib) due to 2 previous errors\n`
    expect(parseTypeErrors(mypy, 1)).toBe(2)
    expect(parseTypeErrors('Success: no issues found in 3 source files\n', 1)).toBe(0)
    expect(parseTypeErrors(pyright, 1)).toBe(2)
    expect(parseTypeErrors('0 errors, 0 warnings, 0 informations \n', 1)).toBe(0)
    expect(parseTypeErrors(cargo, 101)).toBe(2)
    expect(parseTypeErrors('error: could not compile `crt` due to previous error\n', 101)).toBe(1)
  })

  it('falls back to the exit code when nothing is recognisable', () => {
    expect(parseTypeErrors('', 0)).toBe(0)
    expect(parseTypeErrors('', 2)).toBe(1)
    expect(parseTypeErrors('Killed\n', null)).toBe(1)
    expect(parseTypeErrors('all good, nothing found\n', 0)).toBe(0)
  })
})

describe('parseBudget', () => {
  it('reads token counts and dollar amounts', () => {
    expect(parseBudget('400000')).toEqual({ tokens: 400000 })
    expect(parseBudget(400000)).toEqual({ tokens: 400000 })
    expect(parseBudget('400k')).toEqual({ tokens: 400000 })
    expect(parseBudget('1.5M')).toEqual({ tokens: 1500000 })
    expect(parseBudget(' 2m ')).toEqual({ tokens: 2000000 })
    expect(parseBudget('$2')).toEqual({ usd: 2 })
    expect(parseBudget('$0.50')).toEqual({ usd: 0.5 })
    expect(parseBudget('2usd')).toEqual({ usd: 2 })
    expect(parseBudget('2 USD')).toEqual({ usd: 2 })
  })

  it.each([['0'], [0], ['-5'], [-5], [Number.NaN], [Number.POSITIVE_INFINITY], [''], ['   '], ['lots'], ['$'], ['$0'], ['0usd'], ['2 EUR'], ['1e6'], ['400kk'], ['0.0001k']])(
    'refuses %j with MMM_INVALID_INPUT and the accepted forms',
    (value) => {
      let error: unknown
      try {
        parseBudget(value)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(Error)
      expect((error as { code?: unknown }).code).toBe('MMM_INVALID_INPUT')
      expect((error as Error).message).toMatch(/400k.*\$2/)
    },
  )
})
