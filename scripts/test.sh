#!/usr/bin/env bash
# The test command (npm test): sets up if needed, type-checks, runs every vitest project, and ends with
# the plain line "N passed, N failed" (type-check failures count as one failed test).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
export PATH="$root/.tools/node_modules/.bin:$PATH"

# The state tests run against a real Redis and Postgres; install it where we can (root with apt), as CI does.
if ! { command -v redis-server && command -v cloc && ls /usr/lib/postgresql/*/bin/initdb; } >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "mmm test: installing redis-server, postgresql and cloc for the tests" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql cloc) >/dev/null 2>&1 || echo "mmm test: could not install redis-server/postgresql/cloc" >&2
fi

typecheck_failed=0
if ! pnpm --silent typecheck; then typecheck_failed=1; echo "mmm test: type check failed" >&2; fi

results="$root/node_modules/.mmm-test-results.json"
rm -f "$results"
vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
rc=$?
node -e '
  const fs = require("node:fs")
  const [file, tc] = process.argv.slice(1)
  let passed = 0, failed = Number(tc), skipped = 0
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8"))
    passed = r.numPassedTests; failed += r.numFailedTests; skipped = r.numPendingTests + (r.numTodoTests || 0)
    // A suite that failed to load counts as a failure even if it reported no tests.
    failed += r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length
  } catch { failed += 1 }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`)
' "$results" "$typecheck_failed"
[ "$rc" = 0 ] && [ "$typecheck_failed" = 0 ]
