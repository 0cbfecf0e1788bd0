// Task runners and native build systems: Makefile, justfile, CMake, Meson, Bazel, SwiftPM.
import { PRIORITY, type CommandKind, type UnitContext } from './collector.ts'
import { joinPath } from './paths.ts'

const MAKEFILES = ['Makefile', 'GNUmakefile', 'makefile']
const JUSTFILES = ['justfile', 'Justfile', '.justfile']

/** Task names that mean each command, most specific first ("check" is the autotools test target). */
const TASKS: Record<CommandKind, readonly string[]> = {
  test: ['test', 'tests', 'unittest', 'test-all', 'check'],
  lint: ['lint', 'lint-all', 'vet'],
  format: ['format', 'fmt'],
  build: ['build', 'compile', 'all'],
  typecheck: ['typecheck', 'type-check', 'types', 'mypy', 'tsc'],
}

/** Explicit targets of a Makefile, in order (pattern rules and special targets excluded). */
export function parseMakeTargets(text: string): string[] {
  const targets: string[] = []
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    if (line.startsWith('\t') || line.startsWith('#')) continue
    const m = /^([A-Za-z0-9_][A-Za-z0-9_.\-/ ]*?)\s*::?(?!=)/.exec(line)
    if (m === null) continue
    for (const t of m[1]!.split(/\s+/)) if (t !== '' && !t.includes('%') && !targets.includes(t)) targets.push(t)
  }
  return targets
}

/** Recipe names of a justfile. */
export function parseJustRecipes(text: string): string[] {
  const recipes: string[] = []
  for (const line of text.split('\n')) {
    const m = /^@?([A-Za-z_][A-Za-z0-9_-]*)(?:\s+[^:=]*)?:(?!=)/.exec(line)
    if (m !== null && !['set', 'alias', 'export', 'import', 'mod'].includes(m[1]!)) recipes.push(m[1]!)
  }
  return recipes
}

function offerTasks(ctx: UnitContext, file: string, tool: 'make' | 'just', names: readonly string[]): void {
  for (const kind of Object.keys(TASKS) as CommandKind[]) {
    const name = TASKS[kind].find((t) => names.includes(t))
    if (name === undefined) continue
    const command = tool === 'make' && name === 'all' && names[0] === 'all' ? 'make' : `${tool} ${name}`
    ctx.out.offerCommand(kind, command, `${file} target ${name}`, PRIORITY.taskRunner)
  }
}

export function analyzeNative(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const makefile = MAKEFILES.map((n) => joinPath(dir, n)).find((p) => index.has(p))
  if (makefile !== undefined) {
    out.addBuildTool('Make', { file: makefile, detail: 'Makefile' })
    offerTasks(ctx, makefile, 'make', parseMakeTargets(ctx.read(makefile) ?? ''))
  }
  const justfile = JUSTFILES.map((n) => joinPath(dir, n)).find((p) => index.has(p))
  if (justfile !== undefined) {
    out.addBuildTool('just', { file: justfile, detail: 'justfile' })
    offerTasks(ctx, justfile, 'just', parseJustRecipes(ctx.read(justfile) ?? ''))
  }

  const p = PRIORITY.inferred + 20
  const cmake = joinPath(dir, 'CMakeLists.txt')
  if (index.has(cmake)) {
    const text = ctx.read(cmake) ?? ''
    out.addBuildTool('CMake', { file: cmake, detail: 'CMakeLists.txt' })
    out.offerCommand('build', 'cmake -S . -B build && cmake --build build', cmake, p)
    if (/\b(?:enable_testing|add_test|gtest_discover_tests|catch_discover_tests)\s*\(/i.test(text)) {
      out.offerCommand('test', 'cmake -S . -B build && cmake --build build && ctest --test-dir build', `${cmake} enable_testing`, p)
    }
    const fw = (re: RegExp, name: string, category: 'testing' | 'desktop'): void => {
      const m = re.exec(text)
      if (m !== null) out.addFramework({ name, category, ecosystem: 'c/c++', evidence: { file: cmake, detail: m[0] } })
    }
    fw(/find_package\s*\(\s*GTest\b[^)]*\)|googletest/i, 'GoogleTest', 'testing')
    fw(/find_package\s*\(\s*Catch2\b[^)]*\)/i, 'Catch2', 'testing')
    fw(/find_package\s*\(\s*Qt[56]\b[^)]*\)/, 'Qt', 'desktop')
  }
  const meson = joinPath(dir, 'meson.build')
  if (index.has(meson)) {
    out.addBuildTool('Meson', { file: meson, detail: 'meson.build' })
    out.offerCommand('build', 'meson setup build && meson compile -C build', meson, p + 1)
    out.offerCommand('test', 'meson setup build && meson test -C build', meson, p + 1)
  }
  const bazel = ['MODULE.bazel', 'WORKSPACE', 'WORKSPACE.bazel'].map((n) => joinPath(dir, n)).find((f) => index.has(f))
  if (bazel !== undefined) {
    out.addBuildTool('Bazel', { file: bazel, detail: 'Bazel workspace' })
    out.offerCommand('build', 'bazel build //...', bazel, p - 1)
    out.offerCommand('test', 'bazel test //...', bazel, p - 1)
  }
  const swift = joinPath(dir, 'Package.swift')
  if (index.has(swift)) {
    out.addBuildTool('SwiftPM', { file: swift, detail: 'Package.swift' })
    out.addPackageManager('swiftpm')
    out.offerCommand('build', 'swift build', swift, p)
    out.offerCommand('test', 'swift test', swift, p)
    const m = /\.package\s*\([^)]*github\.com\/vapor\/vapor[^)]*\)/.exec(ctx.read(swift) ?? '')
    if (m !== null) out.addFramework({ name: 'Vapor', category: 'backend', ecosystem: 'swift', evidence: { file: swift, detail: 'package vapor/vapor' } })
  }
  if (index.has(cmake) || makefile !== undefined || index.has(meson)) {
    for (const rel of ['main.c', 'main.cpp', 'main.cc', 'src/main.c', 'src/main.cpp', 'src/main.cc']) if (index.has(joinPath(dir, rel))) out.addEntryPoint(joinPath(dir, rel))
  }
}
