// The analyzer through the real kernel and sandbox, on small fixture projects written by the test.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '@mmm/kernel/testing'

const plugin = fileURLToPath(new URL('..', import.meta.url))
const grants = { analyzer: { fs: { read: ['**'] }, exec: ['git'] } }
let k: TestKernel | undefined
let dir: string

function project(files: Record<string, string>): string {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-analyzer-')))
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true })
    writeFileSync(join(dir, p), content)
  }
  return dir
}

async function start(cwd: string, options: Record<string, unknown> = {}): Promise<TestKernel> {
  k = await createTestKernel({ cwd, plugins: [[plugin, options]], grants })
  return k
}

afterEach(async () => {
  await k?.close()
  k = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
})

type Report = {
  files: { total: number; analyzed: number; fromCache: number; skipped: Array<{ path: string; reason: string }> }
  languages: Array<{ name: string; files: number; code: number; comment: number; blank: number }>
  project: { frameworks: Array<{ name: string }>; commands: Record<string, { command: string } | undefined>; buildTools: Array<{ name: string }> }
  score: { score: number; parts: Array<{ why: string }> }
  focus: Array<{ area: string; severity: string; summary: string }>
  structure: { excluded: Array<{ path: string }> }
}

const nodeProject = {
  'package.json': JSON.stringify({ name: 'demo', scripts: { test: 'vitest run', lint: 'eslint .', build: 'tsc -p .' }, dependencies: { react: '^18.2.0', next: '14.1.0' }, devDependencies: { vitest: '^1.0.0', typescript: '^5.4.0', eslint: '^9.0.0' } }),
  'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
  'tsconfig.json': '{ "compilerOptions": { "strict": true } }',
  'src/index.ts': '// entry\nexport function add(a: number, b: number): number {\n  return a + b // sum\n}\n\n/* block\n   comment */\nexport const url = "http://example.com" // not a comment start inside the string\n',
  'src/util.ts': 'export function noop(): void {}\n// TODO: remove this helper\nexport const x: any = 1\n',
  'test/index.test.ts': "import { add } from '../src/index'\nit('adds', () => expect(add(1, 2)).toBe(3))\n",
  'README.md': '# Demo\n\nA demo project.\n',
  'node_modules/react/index.js': 'module.exports = {}\n',
  '.gitignore': 'dist/\n',
  'dist/bundle.js': 'var x = 1\n',
}

describe('analyzer.analyze', () => {
  it('reports languages, commands, frameworks, score and focus for a Node project', async () => {
    const kernel = await start(project(nodeProject))
    const r = (await kernel.call('analyzer.analyze', {})) as Report
    const ts = r.languages.find((l) => l.name === 'TypeScript')!
    expect(ts.files).toBe(3)
    expect(r.project.commands.test?.command).toBe('pnpm test')
    expect(r.project.commands.lint?.command).toBe('pnpm lint')
    expect(r.project.frameworks.map((f) => f.name)).toEqual(expect.arrayContaining(['React', 'Next.js', 'Vitest']))
    expect(r.score.score).toBeGreaterThanOrEqual(0)
    expect(r.score.score).toBeLessThanOrEqual(10)
    expect(r.score.parts.length).toBeGreaterThan(2)
    expect(r.structure.excluded.map((e) => e.path)).toEqual(expect.arrayContaining(['node_modules', 'dist']))
    // Nothing under node_modules or the ignored dist/ was read.
    expect(r.languages.find((l) => l.name === 'JavaScript')).toBeUndefined()
  })

  it('counts lines exactly on a hand-counted file', async () => {
    const kernel = await start(project({ 'a.py': '# comment\n\nx = "# not a comment"\n"""\ndocstring\n"""\ny = 1  # trailing\n' }))
    const py = ((await kernel.call('analyzer.languages', {})) as Report['languages'])[0]!
    expect(py.name).toBe('Python')
    expect(py.code + py.comment + py.blank).toBe(7)
    expect(py.blank).toBe(1)
    expect(py.code).toBeGreaterThanOrEqual(2)
  })

  it('prints a text summary and Markdown', async () => {
    const kernel = await start(project(nodeProject))
    const text = (await kernel.call('analyzer.analyze', { format: 'text' })) as string
    expect(text).toMatch(/Health score \d+\.\d \/ 10/)
    expect(text).toMatch(/TypeScript/)
    const md = (await kernel.call('analyzer.analyze', { format: 'markdown' })) as string
    expect(md).toMatch(/^# Project analysis/)
    expect(md).toMatch(/\| TypeScript \|/)
    // The parts, as text (what `mmm analyzer languages|health|focus` print without --json).
    const r = (await kernel.call('analyzer.analyze', {})) as Report
    const langs = ((await kernel.call('analyzer.languages', { format: 'text' })) as string).split('\n')
    expect(langs[0]).toBe('Languages')
    expect(langs).toHaveLength(2 + r.languages.length)
    expect(langs).toContainEqual(expect.stringMatching(/^  TypeScript\s+3\s/))
    const health = (await kernel.call('analyzer.health', { format: 'text' })) as string
    expect(health.split('\n')).toEqual([`Health score ${r.score.score.toFixed(1)} / 10`, ...r.score.parts.map((p) => expect.stringContaining(p.why))])
    const focus = (await kernel.call('analyzer.focus', { format: 'text' })) as string
    expect(focus).toContain(r.focus.length ? `  1. [${r.focus[0]!.severity}] ${r.focus[0]!.area}: ${r.focus[0]!.summary}` : 'Focus areas: none')
    expect(focus).toMatch(/Health score \d+\.\d \/ 10 \(mmm analyzer health shows its parts\)$/)
  })

  it('a second run reuses the per-file cache, and a changed file is read again', async () => {
    const kernel = await start(project(nodeProject))
    const first = (await kernel.call('analyzer.analyze', {})) as Report
    expect(first.files.fromCache).toBe(0)
    // Nothing changed: the last report comes back whole, every file counted as from the cache.
    const second = (await kernel.call('analyzer.analyze', {})) as Report
    expect(second.files.fromCache).toBe(second.files.analyzed)
    expect({ ...second, generatedAt: 0, durationMs: 0, files: { ...second.files, fromCache: 0 } }).toEqual({ ...first, generatedAt: 0, durationMs: 0 })
    writeFileSync(join(dir, 'src/util.ts'), 'export const y = 2\n')
    const third = (await kernel.call('analyzer.analyze', {})) as Report & { health: { todos: { count: number } } }
    // Read again: util.ts, and package.json (manifests always are).
    expect(third.files.fromCache).toBe(third.files.analyzed - 2)
    expect(third.health.todos.count).toBe(0) // the TODO went with the old text
    // A new file and a removed one are seen (the cache shard of the removed path is rewritten).
    writeFileSync(join(dir, 'src/more.py'), 'def f():\n    return 1\n')
    rmSync(join(dir, 'src/index.ts'))
    const fourth = (await kernel.call('analyzer.analyze', {})) as Report
    expect(fourth.languages.map((l) => l.name)).toContain('Python')
    expect(fourth.files.analyzed).toBe(third.files.analyzed)
    expect(fourth.files.fromCache).toBe(fourth.files.analyzed - 2)
    const fifth = (await kernel.call('analyzer.analyze', {})) as Report
    expect(fifth.files.fromCache).toBe(fifth.files.analyzed)
    expect(fifth.languages).toEqual(fourth.languages)
    // --refresh reads everything again.
    expect(((await kernel.call('analyzer.analyze', { refresh: true })) as Report).files.fromCache).toBe(0)
    expect(await kernel.readResource('mmm://analyzer/latest')).toMatchObject({ version: 1 })
  })

  it('a new commit changes the report even when no file changed (git facts are part of the fingerprint)', async () => {
    const cwd = project({ 'a.ts': 'export const a = 1\n', 'b.ts': 'export const b = 1\n' })
    const git = (...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } })
    git('init', '-q')
    git('add', 'a.ts')
    git('commit', '-qm', 'one')
    const kernel = await start(cwd)
    type WithGit = Report & { health: { git?: { commitsLast90Days: number } } }
    const first = (await kernel.call('analyzer.analyze', {})) as WithGit
    // b.ts is committed as it is: no file's size or mtime changes.
    git('add', 'b.ts')
    git('commit', '-qm', 'two')
    const second = (await kernel.call('analyzer.analyze', {})) as WithGit
    expect(second.health.git?.commitsLast90Days).toBe((first.health.git?.commitsLast90Days ?? 0) + 1)
  })

  it('packs a context into a token budget', async () => {
    const kernel = await start(project(nodeProject))
    const c = (await kernel.call('analyzer.context', { budgetTokens: 1000 })) as { text: string; estimatedTokens: number; included: unknown[] }
    expect(c.estimatedTokens).toBeLessThanOrEqual(1100)
    expect(c.text).toMatch(/# Project analysis/)
  })
})

describe('bad input', () => {
  it('a path that does not exist, a file, and a path outside the project are clear errors', async () => {
    const kernel = await start(project({ 'a.ts': 'export {}\n' }))
    await expect(kernel.call('analyzer.analyze', { path: 'missing' })).rejects.toMatchObject({ code: 'MMM_ANALYZER_NOT_FOUND' })
    await expect(kernel.call('analyzer.analyze', { path: 'a.ts' })).rejects.toMatchObject({ code: 'MMM_ANALYZER_NOT_A_DIRECTORY' })
    await expect(kernel.call('analyzer.analyze', { path: '../..' })).rejects.toMatchObject({ code: 'MMM_PERMISSION_DENIED' })
    await expect(kernel.call('analyzer.analyze', { path: '/etc' })).rejects.toMatchObject({ code: 'MMM_PERMISSION_DENIED' })
    // An absolute path inside the project is the same as its relative form.
    await expect(kernel.call('analyzer.languages', { path: dir })).resolves.toEqual([expect.objectContaining({ name: 'TypeScript', files: 1 })])
  })

  it('an empty directory gives an empty report', async () => {
    const kernel = await start(project({}))
    const r = (await kernel.call('analyzer.analyze', {})) as Report
    expect(r.files.total).toBe(0)
    expect(r.languages).toEqual([])
  })

  it('binary, huge, non-UTF-8 and unreadable files, and symlink loops, are skipped and said', async () => {
    const d = project({ 'ok.ts': 'export const a = 1\n', 'big.ts': `export const s = "${'x'.repeat(2000)}"\n` })
    writeFileSync(join(d, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]))
    writeFileSync(join(d, 'latin1.c'), Buffer.from('int caf\xe9 = 1; /* \xe9 */\n', 'latin1'))
    writeFileSync(join(d, 'secret.ts'), 'export {}\n')
    chmodSync(join(d, 'secret.ts'), 0o000)
    mkdirSync(join(d, 'loop'))
    symlinkSync('..', join(d, 'loop', 'up'))
    const kernel = await start(d, { maxFileBytes: 1000 })
    const r = (await kernel.call('analyzer.analyze', {})) as Report
    const reasons = Object.fromEntries(r.files.skipped.map((s) => [s.path, s.reason]))
    expect(reasons['big.ts']).toMatch(/larger than 1000 bytes/)
    expect(reasons['image.png']).toBe('binary')
    if (process.getuid?.() !== 0) expect(reasons['secret.ts']).toBeDefined()
    expect(r.languages.find((l) => l.name === 'C')?.files).toBe(1)
  })

  it('reads git facts when the project is a repository', async () => {
    const d = project(nodeProject)
    const git = (...a: string[]) => execFileSync('git', a, { cwd: d, stdio: 'ignore' })
    git('init', '-q')
    git('-c', 'user.email=a@b.c', '-c', 'user.name=A', 'add', '-A')
    git('-c', 'user.email=a@b.c', '-c', 'user.name=A', 'commit', '-qm', 'init')
    const kernel = await start(d)
    const h = (await kernel.call('analyzer.health', {})) as { health: { git?: { lastCommitDate?: string } } }
    expect(h.health.git?.lastCommitDate).toMatch(/^\d{4}-/)
  })
})
