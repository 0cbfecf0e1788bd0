// isTestFile across ecosystems.
import { describe, expect, it } from 'vitest'
import { isTestFile } from '../src/quality/isTestFile.ts'

describe('isTestFile', () => {
  it.each([
    'tests/test_app.py',
    'src/app_test.py',
    'test_app.py',
    'pkg/conftest.py',
    'server/handler_test.go',
    'src/app.test.ts',
    'src/App.spec.tsx',
    'src/__tests__/util.js',
    'test/e2e/login.e2e-spec.ts',
    'src/test/java/com/acme/FooTest.java',
    'app/src/main/java/com/acme/FooTests.java',
    'MyApp.Tests/CalculatorTests.cs',
    'src/FooTests.cs',
    'spec/models/user_spec.rb',
    'test/user_test.rb',
    'test/my_app_test.exs',
    'test/widget_test.dart',
    'Tests/AppTests/AppTests.swift',
    'core/foo_unittest.cc',
    'src/parser/tests.rs',
    'crate/tests/integration.rs',
    'src/test/scala/FooSpec.scala',
    'tests\\windows\\path.py',
    'test/cli.bats',
  ])('%s is a test', (p) => expect(isTestFile(p)).toBe(true))

  it.each([
    'src/app.ts',
    'src/latest.ts',
    'src/contest.py',
    'src/Latest.java',
    'src/testament/book.go',
    'src/Manifest.swift',
    'lib/protest.rb',
    'README.md',
    'src/attestation.rs',
  ])('%s is not a test', (p) => expect(isTestFile(p)).toBe(false))
})
