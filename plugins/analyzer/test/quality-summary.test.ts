// summarizeQuality, computeHealth, computeScore and computeFocus on small synthetic projects.
import { describe, expect, it } from 'vitest'
import { packBlock } from '../src/quality/blockHashes.ts'
import { computeFocus } from '../src/quality/computeFocus.ts'
import { computeHealth, type HealthSummary } from '../src/quality/computeHealth.ts'
import { computeScore } from '../src/quality/computeScore.ts'
import { summarizeQuality } from '../src/quality/summarizeQuality.ts'
import type { FileFacts, ProjectInfo } from '../src/types.ts'

function file(path: string, language: string, code: number, comment: number, blank: number, extra: Partial<FileFacts> = {}): FileFacts {
  return { path, language, bytes: 0, code, comment, blank, functions: [], todos: [], smells: [], blockHashes: [], isTest: false, ...extra }
}
const fn = (name: string, line: number, lines: number) => ({ name, line, lines })

function project(p: Partial<ProjectInfo> = {}): ProjectInfo {
  return {
    frameworks: [], buildTools: [], packageManagers: [], commands: {}, dependencies: {}, workspaces: [], entryPoints: [],
    importantFiles: [], ci: [], linters: [], formatters: [], typeCheckers: [], lockfiles: [], ...p,
  }
}

const FILES: FileFacts[] = [
  file('src/a.ts', 'TypeScript', 80, 10, 10, {
    functions: [fn('a1', 1, 10), fn('a2', 20, 20)],
    smells: [{ kind: 'empty-catch', path: 'src/a.ts', line: 12 }],
    blockHashes: [packBlock(1, 1), packBlock(2, 2), packBlock(3, 3)],
    todos: [{ kind: 'TODO', path: 'src/a.ts', line: 5, text: 'TODO: a' }],
  }),
  file('src/b.ts', 'TypeScript', 150, 30, 20, {
    functions: [fn('b1', 1, 30), fn('b2', 40, 40), fn('b3', 90, 100)],
    blockHashes: [packBlock(9, 5), packBlock(1, 10), packBlock(2, 11)],
    todos: [{ kind: 'FIXME', path: 'src/b.ts', line: 2, text: 'FIXME: b' }],
  }),
  file('lib/c.py', 'Python', 250, 0, 50, { functions: [fn('c1', 3, 5)], blockHashes: [packBlock(7, 1)] }),
  file('src/a.test.ts', 'TypeScript', 100, 0, 0, { isTest: true, functions: [fn('t', 1, 200)], blockHashes: [packBlock(3, 1)] }),
  file('README.md', 'Markdown', 40, 0, 10, { todos: [{ kind: 'XXX', path: 'README.md', line: 9, text: 'XXX: doc' }] }),
]

describe('summarizeQuality', () => {
  const q = summarizeQuality(FILES)

  it('file and function lengths over non-test code (hand-computed avg, p90, max)', () => {
    // Files: 100, 200, 300 lines → avg 200, p90 = sorted[ceil(2.7) - 1] = 300.
    expect(q.fileLength).toEqual({ count: 3, avg: 200, p90: 300, max: { value: 300, path: 'lib/c.py' } })
    // Functions: 5 10 20 30 40 100 → avg 205/6 = 34.2, p90 = sorted[ceil(5.4) - 1] = 100; the test's 200 is left out.
    expect(q.functionLength).toEqual({ count: 6, avg: 34.2, p90: 100, max: { value: 100, path: 'src/b.ts', line: 90, name: 'b3' } })
    expect(q.longestFunctions[0]).toEqual({ path: 'src/b.ts', line: 90, name: 'b3', lines: 100 })
    expect(q.largestFiles.map((f) => f.path)).toEqual(['lib/c.py', 'src/b.ts', 'src/a.ts'])
  })

  it('comment ratio, test ratio, counts (Markdown is not code)', () => {
    expect(q.codeFiles).toBe(4)
    expect(q.testFiles).toBe(1)
    expect(q.codeLines).toBe(580)
    expect(q.testCodeLines).toBe(100)
    expect(q.commentRatio).toBe(0.077) // 40 / (480 + 40)
    expect(q.testRatio).toBe(0.172) // 100 / 580
  })

  it('duplication: windows sharing a hash, lines counted once, examples with locations', () => {
    // a.ts windows 0-1 and b.ts windows 1-2 are duplicated: 7 lines each; hash 3 also in a test (ignored).
    expect(q.duplication.duplicatedLines).toBe(14)
    expect(q.duplication.ratio).toBe(0.029) // 14 / 480
    expect(q.duplication.examples).toEqual([{ paths: ['src/a.ts', 'src/b.ts'], line: 1, locations: ['src/a.ts:1', 'src/b.ts:10'], occurrences: 2, lines: 7 }])
  })

  it('smells, complexity and main languages', () => {
    expect(q.smells).toEqual([{ kind: 'empty-catch', category: 'error-handling', description: expect.any(String), count: 1, per1kLines: 2.08, examples: ['src/a.ts:12'] }])
    // p90 100 → 2 points, 1 of 6 functions > 60 lines → 2 points: moderate.
    expect(q.complexity).toBe('moderate')
    expect(q.complexityDetails.points).toBe(4)
    expect(q.byLanguage.map((l) => [l.language, l.codeLines, l.testRatio])).toEqual([['TypeScript', 330, 0.303], ['Python', 250, 0]])
  })

  it('empty input', () => {
    const e = summarizeQuality([])
    expect(e.fileLength).toEqual({ count: 0, avg: 0, p90: 0, max: null })
    expect(e.duplication.ratio).toBe(0)
    expect(e.complexity).toBe('low')
  })
})

describe('computeHealth', () => {
  const paths = [...FILES.map((f) => f.path), 'docs/guide.md', 'package.json', 'pnpm-lock.yaml']
  const full = project({
    ci: ['GitHub Actions'], linters: ['ESLint'], formatters: ['Prettier'], typeCheckers: ['tsc'], lockfiles: ['pnpm-lock.yaml'], packageManagers: ['pnpm'],
    commands: { test: { command: 'vitest run', source: 'package.json scripts.test' } },
    frameworks: [{ name: 'Vitest', category: 'testing', ecosystem: 'npm', evidence: [] }],
  })
  const h = computeHealth({ files: FILES, paths, project: full, readmeLines: 80, git: { lastCommitDate: '2025-01-01T00:00:00Z', commitsLast90Days: 4 }, now: Date.parse('2025-01-11T12:00:00Z') })

  it('tests, tooling and lockfile', () => {
    expect(h.tests).toEqual({ present: true, testFiles: 1, testCodeLines: 100, codeLines: 580, ratio: 0.172, command: 'vitest run', frameworks: ['Vitest'] })
    expect([h.ci, h.linting, h.formatting, h.typeChecking]).toEqual([['GitHub Actions'], ['ESLint'], ['Prettier'], ['tsc']])
    expect(h.mainLanguage).toBe('TypeScript')
    expect(h.staticallyTyped).toBe(false)
    expect(h.lockfile).toEqual({ present: true, files: ['pnpm-lock.yaml'], expected: true })
  })

  it('docs level from README, its size, docs/ and comment ratio', () => {
    expect(h.docs).toMatchObject({ readme: true, readmePath: 'README.md', readmeLines: 80, docsDir: true, docsFiles: 1, commentRatio: 0.077, level: 'good' })
    expect(computeHealth({ files: FILES, paths: ['README.md'], project: project(), readmeLines: 10 }).docs.level).toBe('minimal')
    expect(computeHealth({ files: [], paths: ['src/a.ts'], project: project() }).docs.level).toBe('none')
  })

  it('todos sorted by path and line, counted by kind, first 50 kept', () => {
    expect(h.todos.count).toBe(3)
    expect(h.todos.byKind).toEqual({ TODO: 1, FIXME: 1, HACK: 0, XXX: 1 })
    expect(h.todos.items.map((t) => `${t.path}:${t.line}`)).toEqual(['README.md:9', 'src/a.ts:5', 'src/b.ts:2'])
    const many = file('x.ts', 'TypeScript', 1, 0, 0, { todos: Array.from({ length: 60 }, (_, i) => ({ kind: 'TODO' as const, path: 'x.ts', line: 60 - i, text: 'TODO' })) })
    const t = computeHealth({ files: [many], paths: [], project: project() }).todos
    expect([t.count, t.items.length, t.items[0]?.line]).toEqual([60, 50, 1])
  })

  it('git facts with days since the last commit; none without git', () => {
    expect(h.git).toEqual({ lastCommitDate: '2025-01-01T00:00:00Z', commitsLast90Days: 4, daysSinceLastCommit: 10 })
    expect(computeHealth({ files: [], paths: [], project: project() }).git).toBeUndefined()
  })
})

describe('computeScore', () => {
  const q = summarizeQuality(FILES)
  const paths = FILES.map((f) => f.path)
  const withoutTests = FILES.filter((f) => !f.isTest)
  const bare = computeHealth({ files: withoutTests, paths, project: project() })
  const tooled = computeHealth({ files: FILES, paths, project: project({ ci: ['GitHub Actions'], linters: ['ESLint'] }) })
  const qNoTests = summarizeQuality(withoutTests)

  it('parts are shown with weights, values 0-10 and reasons; the score is their weighted average', () => {
    const s = computeScore(tooled, q)
    expect(s.parts.map((p) => p.name)).toEqual(['tests', 'ci', 'static checks', 'documentation', 'function length', 'file length', 'complexity', 'duplication', 'error handling', 'type safety', 'todos'])
    for (const p of s.parts) {
      expect(p.value).toBeGreaterThanOrEqual(0)
      expect(p.value).toBeLessThanOrEqual(10)
      expect(p.why.length).toBeGreaterThan(0)
    }
    const w = s.parts.reduce((n, p) => n + p.weight, 0)
    expect(s.score).toBe(Math.round((s.parts.reduce((n, p) => n + p.weight * p.value, 0) / w) * 10) / 10)
    expect(s.parts.find((p) => p.name === 'tests')?.value).toBe(7.8) // 3 + 7 * 0.172 / 0.25
  })

  it('monotonic: tests, CI and a linter raise the score; each alone never lowers it', () => {
    const low = computeScore(bare, qNoTests).score
    const high = computeScore(tooled, q).score
    expect(high).toBeGreaterThan(low)
    const onlyCi = computeHealth({ files: withoutTests, paths, project: project({ ci: ['GitHub Actions'] }) })
    expect(computeScore(onlyCi, qNoTests).score).toBeGreaterThan(low)
    const moreTests: HealthSummary = { ...tooled, tests: { ...tooled.tests, ratio: 0.4 } }
    expect(computeScore(moreTests, q).score).toBeGreaterThanOrEqual(computeScore(tooled, q).score)
  })

  it('bounds: 0..10 for the worst and the best project', () => {
    const worstFile = file('a.ts', 'TypeScript', 2000, 0, 0, {
      functions: [fn('f', 1, 2000)],
      smells: Array.from({ length: 500 }, (_, i) => ({ kind: i % 2 ? 'empty-catch' : 'ts-any', path: 'a.ts', line: i + 1 })),
      blockHashes: [packBlock(1, 1), packBlock(1, 10)],
      todos: Array.from({ length: 100 }, (_, i) => ({ kind: 'TODO' as const, path: 'a.ts', line: i + 1, text: 'TODO' })),
    })
    const worst = computeScore(computeHealth({ files: [worstFile], paths: ['a.ts'], project: project({ packageManagers: ['npm'] }) }), summarizeQuality([worstFile]))
    expect(worst.score).toBeGreaterThanOrEqual(0)
    expect(worst.score).toBeLessThan(2)
    const good = [file('src/a.go', 'Go', 100, 20, 10, { functions: [fn('A', 1, 10)] }), file('src/a_test.go', 'Go', 50, 0, 0, { isTest: true })]
    const best = computeScore(
      computeHealth({ files: good, paths: ['README.md', 'docs/x.md', ...good.map((f) => f.path)], project: project({ ci: ['GitHub Actions'], linters: ['golangci-lint'], formatters: ['gofmt'] }), readmeLines: 100 }),
      summarizeQuality(good),
    )
    expect(best.score).toBe(10)
    expect(best.parts.find((p) => p.name === 'static checks')?.why).toContain('statically typed Go')
  })
})

describe('computeFocus', () => {
  it('a project without tests ranks "tests" first, with evidence', () => {
    const files = FILES.filter((f) => !f.isTest)
    const h = computeHealth({ files, paths: files.map((f) => f.path), project: project({ ci: ['GitHub Actions'], linters: ['ESLint'], formatters: ['Prettier'], typeCheckers: ['tsc'] }), readmeLines: 80 })
    const q = summarizeQuality(files)
    const focus = computeFocus(h, q, computeScore(h, q))
    expect(focus[0]).toMatchObject({ area: 'tests', priority: 1, severity: 'high', summary: 'No tests found' })
    expect(focus[0]?.evidence[0]).toContain('0 test files')
    expect(focus.map((f) => f.priority)).toEqual(focus.map((_, i) => i + 1))
    for (let i = 1; i < focus.length; i++) expect((focus[i] as { impact: number }).impact).toBeLessThanOrEqual((focus[i - 1] as { impact: number }).impact)
    const long = focus.find((f) => f.area === 'long functions')
    expect(long?.evidence[0]).toBe('src/b.ts:90 b3 — 100 lines')
    expect(focus.find((f) => f.area === 'tooling')).toBeUndefined()
  })

  it('missing tooling is named; a perfect project has no focus areas', () => {
    const h = computeHealth({ files: FILES, paths: FILES.map((f) => f.path), project: project(), git: { churn: [{ path: 'src/b.ts', changes: 7 }] } })
    const q = summarizeQuality(FILES)
    const focus = computeFocus(h, q, computeScore(h, q))
    expect(focus.find((f) => f.area === 'tooling')?.summary).toBe('No CI, no linter, no formatter, no type checking')
    expect(focus.find((f) => f.area === 'long functions')?.evidence[0]).toBe('src/b.ts:90 b3 — 100 lines (changed in 7 commits in the last 90 days)')
    expect(focus.find((f) => f.area === 'large files')).toBeUndefined() // file length p90 300: full marks
    expect(computeFocus(h, q, { score: 10, parts: [{ name: 'tests', weight: 20, value: 10, why: '' }] })).toEqual([])
  })
})
