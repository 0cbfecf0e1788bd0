// Is this path test code? By folder (tests/, test/, __tests__/, spec/, e2e/, testdata/, fixtures/, src/test/ in
// Maven/Gradle, MyApp.Tests/ in .NET) or by file-name convention of each ecosystem (*.test.ts, *.spec.js,
// *_test.go, test_*.py, *_test.py, conftest.py, *Test.java, *Tests.cs, *Spec.scala, *_spec.rb, *_test.exs,
// *_test.dart, *Tests.swift, *_unittest.cc, tests.rs, ...). Paths may use / or \ and be relative or absolute.

const TEST_DIRS = new Set([
  'test',
  'tests',
  '__tests__',
  '__test__',
  'spec',
  'specs',
  '__specs__',
  'e2e',
  'e2e-tests',
  'integration-tests',
  'testdata',
  'test-data',
  'fixtures',
  '__fixtures__',
  '__mocks__',
  '__snapshots__',
  'testing',
  'androidtest',
  'unittests',
  'cypress',
  'playwright',
])

// .NET test projects (MyApp.Tests, MyApp.UnitTests, MyApp.IntegrationTests, MyApp.Specs).
const DOTNET_TEST_DIR = /\.(?:unit|integration|functional|acceptance)?(?:tests?|specs?)$/i

const NAME_PATTERNS: RegExp[] = [
  /\.(?:test|tests|spec|specs|e2e|e2e-spec)\.[a-z0-9]+$/i, // *.test.ts, *.spec.js, *.e2e-spec.ts
  /[._-](?:test|tests|spec|unittest)\.[a-z0-9]+$/i, // *_test.go, *_test.py, *_spec.rb, *-test.js, *_unittest.cc
  /^tests?_.+\.[a-z0-9]+$/i, // test_*.py, test_*.c, tests_*.rs
  /(?:Tests?|(?<=[a-z])IT|Spec|Specs)\.(?:java|kt|kts|scala|groovy|cs|fs|vb|php|swift|hs|m|mm)$/, // FooTest.java, FooTests.cs
  /^Test[A-Z0-9_].*\.(?:java|kt|php|cs|scala|groovy)$/, // TestFoo.java
  /^(?:conftest\.py|tests?\.rs|test\.go|test_helper\.rb|spec_helper\.rb|rails_helper\.rb|setup-?tests?\.[jt]sx?)$/i,
  /\.bats$/i,
]

export function isTestFile(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/')
  const name = parts.pop() ?? ''
  for (const dir of parts) {
    if (!dir) continue
    const lower = dir.toLowerCase()
    if (TEST_DIRS.has(lower) || DOTNET_TEST_DIR.test(dir)) return true
  }
  for (const re of NAME_PATTERNS) if (re.test(name)) return true
  return false
}
