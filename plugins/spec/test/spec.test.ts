// Specifications through the real kernel and sandbox: list in dependency order, cycles named, status changes
// written back to the file, templates, drafts by Claude (real SDK, fake API), and drift from git.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, startFakeClaude, type FakeClaudeServer, type TestKernel } from '@mmm/kernel/testing'

const plugin = fileURLToPath(new URL('..', import.meta.url))
const grants = { spec: { fs: { read: ['**'], write: ['specs/**', '.mmm/worktrees/**'] }, exec: ['git', 'sh'], claude: true, tools: ['analyzer.context'] } }
let k: TestKernel | undefined
let dir = ''
let fake: FakeClaudeServer

beforeAll(async () => {
  fake = await startFakeClaude({ apiKey: 'sk-ant-test-spec' })
})
afterAll(async () => fake?.close())
afterEach(async () => {
  await k?.close()
  k = undefined
  rmSync(dir, { recursive: true, force: true })
  fake.reset()
})

async function start(files: Record<string, string>, options: Record<string, unknown> = {}): Promise<TestKernel> {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-spec-')))
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true })
    writeFileSync(join(dir, p), t)
  }
  k = await createTestKernel({
    cwd: dir, plugins: [[plugin, options]], grants,
    env: { PATH: process.env.PATH ?? '', HOME: dir, ANTHROPIC_API_KEY: 'sk-ant-test-spec' },
    config: { claude: { provider: 'api', baseURL: fake.url, model: 'fake-model', maxRetries: 0 } },
  })
  return k
}

const spec = (id: string, deps: string[], extra = '') => `---\nid: ${id}\ntitle: Spec ${id}\nstatus: ready\ndependencies: [${deps.join(', ')}]\n${extra}---\n# Spec ${id}\n\n- [x] first\n- [ ] second\n`

describe('specs for a person (format: text, what the CLI asks for without --json)', () => {
  it('list, show and status as text; an empty project says how to start', async () => {
    const kernel = await start({
      'specs/b.md': spec('b', ['a'], 'validate: [npm test]\nfiles: [src/**]\n'),
      'specs/a.md': spec('a', []),
    })
    const list = (await kernel.call('spec.list', { format: 'text' })) as string
    expect(list.split('\n')).toEqual([
      expect.stringMatching(/^ID\s+STATUS\s+PRIORITY\s+CRITERIA\s+TITLE\s+DEPENDS ON$/),
      expect.stringMatching(/^a\s+ready\s+\d\s+1\/2\s+Spec a$/),
      expect.stringMatching(/^b\s+ready\s+\d\s+1\/2\s+Spec b\s+a$/),
    ])
    expect(await kernel.call('spec.list', { format: 'text', status: 'done' })).toBe('No specification matches.')
    const show = (await kernel.call('spec.show', { id: 'b', format: 'text' })) as string
    expect(show).toContain('Spec b  (b, specs/b.md)')
    expect(show).toContain('depends on a')
    expect(show).toContain('  [x] first\n  [ ] second')
    expect(show).toContain('  $ npm test')
    expect(show).toContain('Files: src/**')
    expect(await kernel.call('spec.status', { format: 'text' })).toBe('2 specifications: 2 ready\nReady to start: a\nWaiting: b (for a)')
    expect(await kernel.call('spec.status', { id: 'a', set: 'done', format: 'text' })).toBe('a: ready → done (specs/a.md)')
    expect(await kernel.call('spec.status', { format: 'text' })).toBe('2 specifications: 1 ready, 1 done\nReady to start: b')
    // JSON stays the default (scripts, MCP clients, other plugins).
    expect(await kernel.call('spec.list', {})).toEqual([expect.objectContaining({ id: 'a', status: 'done' }), expect.objectContaining({ id: 'b' })])
  })

  it('an empty project; init and add say what they wrote', async () => {
    const kernel = await start({})
    expect(await kernel.call('spec.list', { format: 'text' })).toMatch(/^No specifications in specs\/: mmm spec init/)
    expect(await kernel.call('spec.status', { format: 'text' })).toMatch(/^No specifications in specs\//)
    expect(await kernel.call('spec.init', { format: 'text' })).toBe('Created specs/README.md, specs/example.md. Next: edit specs/example.md, or mmm spec add "<title>".')
    expect(await kernel.call('spec.init', { format: 'text' })).toBe('specs/ has its README and example already; nothing created.')
    expect(await kernel.call('spec.add', { name: 'Dark mode', template: 'bugfix', format: 'text' })).toBe('Wrote specs/dark-mode.md (bugfix template); mmm spec show dark-mode shows it.')
  })
})

describe('specs', () => {
  it('lists in dependency order with criteria, filters by status and tag, and names a cycle', async () => {
    const kernel = await start({
      'specs/c.md': spec('c', ['a', 'b'], 'tags: [ui]\n'),
      'specs/b.md': spec('b', ['a'], 'priority: high\n'),
      'specs/a.md': spec('a', [], 'status: done\n').replace('status: ready\n', ''),
      'specs/README.md': '# not a spec\n',
    })
    expect(await kernel.call('spec.list', {})).toEqual([
      { id: 'a', title: 'Spec a', status: 'done', priority: 2, dependencies: [], tags: [], criteria: '1/2', file: 'specs/a.md' },
      expect.objectContaining({ id: 'b', priority: 1 }),
      expect.objectContaining({ id: 'c', tags: ['ui'] }),
    ])
    expect(((await kernel.call('spec.list', { tag: 'ui' })) as unknown[]).length).toBe(1)
    expect(await kernel.call('spec.status', {})).toMatchObject({ total: 3, counts: { done: 1, ready: 2 }, next: ['b'], waiting: [{ id: 'c', waitsFor: ['b'] }] })
    expect(await kernel.call('spec.graph', { format: 'mermaid' })).toMatch(/a --> b\n {2}a --> c\n {2}b --> c/)
    writeFileSync(join(dir, 'specs/a.md'), spec('a', ['c']))
    // A circle: graph and run refuse it, naming it; list and status still show every spec (by priority) and warn.
    const circle = /a → c → a|c → a → c|a → c → b → a|b → a → c → b|c → b → a → c/
    await expect(kernel.call('spec.graph', {})).rejects.toMatchObject({ code: 'MMM_SPEC_CYCLE', message: expect.stringMatching(circle) })
    await expect(kernel.call('spec.run', {})).rejects.toMatchObject({ code: 'MMM_SPEC_CYCLE' })
    expect(((await kernel.call('spec.list', {})) as Array<{ id: string }>).map((x) => x.id)).toEqual(['b', 'a', 'c'])
    expect(kernel.logs.at(-1)).toMatchObject({ level: 'warn', message: expect.stringMatching(/specs depend on each other in a circle: .*; listed by priority instead of dependency order, and mmm spec run refuses them until it is fixed \[MMM_SPEC_CYCLE\]/) })
    expect(await kernel.call('spec.status', {})).toMatchObject({ total: 3 })
    writeFileSync(join(dir, 'specs/a.md'), '---\nstatus: finished\n---\n')
    await expect(kernel.call('spec.list', {})).rejects.toMatchObject({ code: 'MMM_SPEC_INVALID', message: expect.stringMatching(/specs\/a\.md: status "finished" must be one of/) })
  })

  it('changes a status in the file, keeping the rest; shows a spec', async () => {
    const kernel = await start({ 'specs/a.md': spec('a', [], 'validate: [npm test]\n') })
    await kernel.call('spec.status', { id: 'a', set: 'done' })
    const text = readFileSync(join(dir, 'specs/a.md'), 'utf8')
    expect(text).toMatch(/^---\nid: a\ntitle: Spec a\nstatus: done\n/)
    expect(text).toMatch(/done: "?\d{4}-\d\d-\d\dT/)
    expect(text).toMatch(/---\n# Spec a\n\n- \[x\] first\n- \[ \] second\n$/)
    expect(await kernel.call('spec.show', { id: 'a' })).toMatchObject({ status: 'done', validate: ['npm test'], criteria: [{ text: 'first', done: true }, { text: 'second', done: false }] })
    await expect(kernel.call('spec.show', { id: 'zz' })).rejects.toMatchObject({ code: 'MMM_SPEC_NOT_FOUND', message: expect.stringMatching(/there: a/) })
  })

  it('adds from a built-in or project template, and refuses to overwrite', async () => {
    const kernel = await start({ '.mmm/templates/rfc.md': '---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\n---\n# RFC {{title}} by {{author}}\n' })
    expect(await kernel.call('spec.add', { name: 'Fast Login!', template: 'bugfix' })).toEqual({ id: 'fast-login', file: 'specs/fast-login.md', generated: false })
    expect(readFileSync(join(dir, 'specs/fast-login.md'), 'utf8')).toMatch(/^---\nid: fast-login\ntitle: Fast Login!\nstatus: draft\npriority: high/)
    await kernel.call('spec.add', { name: 'Caching', template: 'rfc', vars: { author: 'Ada' } })
    expect(readFileSync(join(dir, 'specs/caching.md'), 'utf8')).toContain('# RFC Caching by Ada')
    await expect(kernel.call('spec.add', { name: 'fast login' })).rejects.toMatchObject({ code: 'MMM_SPEC_EXISTS' })
    await expect(kernel.call('spec.add', { name: 'x', template: 'nope' })).rejects.toMatchObject({ code: 'MMM_SPEC_NOT_FOUND', message: expect.stringMatching(/built-in: feature, bugfix, refactor, api-endpoint/) })
  })

  it('takes templates from directories a preset names (templates option), after the project\'s own', async () => {
    const kernel = await start({ 'vendor/tpl/adr.md': '---\nid: {{id}}\nstatus: draft\n---\n# ADR: {{title}}\n', 'vendor/tpl/bugfix.md': '---\nid: {{id}}\n---\n# Preset bugfix\n', '.mmm/templates/bugfix.md': '---\nid: {{id}}\n---\n# Project bugfix\n' }, { templates: ['vendor/tpl'] })
    await kernel.call('spec.add', { name: 'Use SQLite', template: 'adr' })
    expect(readFileSync(join(dir, 'specs/use-sqlite.md'), 'utf8')).toContain('# ADR: Use SQLite')
    await kernel.call('spec.add', { name: 'Crash', template: 'bugfix' })
    expect(readFileSync(join(dir, 'specs/crash.md'), 'utf8')).toContain('# Project bugfix')
  })

  it('takes templates as text by name (templates option of a preset outside the project), after the project\'s own', async () => {
    const kernel = await start({ '.mmm/templates/bugfix.md': '---\nid: {{id}}\n---\n# Project bugfix\n' }, {
      templates: { adr: '---\nid: {{id}}\nstatus: draft\n---\n# ADR: {{title}}\n', bugfix: '---\nid: {{id}}\n---\n# Preset bugfix\n', bad: 7 },
    })
    await kernel.call('spec.add', { name: 'Use SQLite', template: 'adr' })
    expect(readFileSync(join(dir, 'specs/use-sqlite.md'), 'utf8')).toContain('# ADR: Use SQLite')
    await kernel.call('spec.add', { name: 'Crash', template: 'bugfix' })
    expect(readFileSync(join(dir, 'specs/crash.md'), 'utf8')).toContain('# Project bugfix')
    // A name whose value is not text is no template; the message lists what there is.
    await expect(kernel.call('spec.add', { name: 'X', template: 'bad' })).rejects.toMatchObject({ code: 'MMM_SPEC_NOT_FOUND' })
    await expect(kernel.call('spec.add', { name: 'Y', template: 'toString' })).rejects.toMatchObject({ code: 'MMM_SPEC_NOT_FOUND', message: expect.stringContaining('adr') })
  })

  it('drafts a spec with Claude from an idea; a draft without frontmatter is not written', async () => {
    const kernel = await start({})
    fake.enqueue({ text: '```markdown\n---\nid: dark-mode\ntitle: Dark mode\nstatus: draft\n---\n# Dark mode\n\n- [ ] toggle in settings\n```' })
    expect(await kernel.call('spec.add', { name: 'Dark mode', generate: 'users want a dark theme' })).toMatchObject({ generated: true })
    expect(readFileSync(join(dir, 'specs/dark-mode.md'), 'utf8')).toBe('---\nid: dark-mode\ntitle: Dark mode\nstatus: draft\n---\n# Dark mode\n\n- [ ] toggle in settings\n')
    expect(JSON.stringify(fake.messageRequests()[0]?.body)).toContain('users want a dark theme')
    fake.enqueue({ text: 'Sure! Here is a spec.' })
    await expect(kernel.call('spec.add', { name: 'Other', generate: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_INVALID_OUTPUT', message: expect.stringContaining('specs/other.draft.txt') })
    expect(() => readFileSync(join(dir, 'specs/other.md'))).toThrow()
    // The answer was paid for: it is kept where `mmm spec list` does not read it.
    expect(readFileSync(join(dir, 'specs/other.draft.txt'), 'utf8')).toBe('Sure! Here is a spec.')
    expect(((await kernel.call('spec.list', {})) as Array<{ id: string }>).map((x) => x.id)).not.toContain('other')
  })

  it('takes the spec out of an answer wrapped in prose and a fence, keeps fenced code inside it, and forces its id and status', async () => {
    const kernel = await start({})
    const spec = '---\nid: something-else\ntitle: Export\nstatus: finished\npriority: high\n---\n# Export\n\n```bash\nmmm export --csv\n```\n\n- [ ] exports CSV'
    fake.enqueue({ text: `Here is the spec you asked for:\n\n\`\`\`markdown\n${spec}\n\`\`\`\n\nLet me know if you want changes.` })
    await kernel.call('spec.add', { name: 'Export', generate: 'export data' })
    const text = readFileSync(join(dir, 'specs/export.md'), 'utf8')
    expect(text).toBe('---\nid: export\ntitle: Export\nstatus: draft\npriority: high\n---\n# Export\n\n```bash\nmmm export --csv\n```\n\n- [ ] exports CSV\n')
    expect(await kernel.call('spec.show', { id: 'export' })).toMatchObject({ id: 'export', status: 'draft', criteria: [{ text: 'exports CSV', done: false }] })
    // Frontmatter that is no spec's (a bad priority) is no draft either.
    fake.enqueue({ text: '---\ntitle: Bad\npriority: urgent-ish\n---\n# Bad\n' })
    await expect(kernel.call('spec.add', { name: 'Bad', generate: 'x' })).rejects.toMatchObject({ code: 'MMM_CLAUDE_INVALID_OUTPUT' })
    expect(readFileSync(join(dir, 'specs/bad.draft.txt'), 'utf8')).toContain('urgent-ish')
  })

  it('drift: files under a done spec that changed since it was done', async () => {
    const kernel = await start({ 'src/auth/login.ts': 'x\n', 'src/ui/a.ts': 'y\n' })
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } })
    git('init', '-q')
    git('add', '.')
    git('commit', '-qm', 'one')
    mkdirSync(join(dir, 'specs'))
    // Marked done a second after the first commit (git dates have whole seconds).
    await new Promise((r) => setTimeout(r, 1100))
    writeFileSync(join(dir, 'specs/login.md'), `---\nid: login\nstatus: done\ndone: ${new Date().toISOString()}\nfiles: ['src/auth/**']\n---\n# Login\n`)
    expect(await kernel.call('spec.drift', {})).toEqual([])
    expect(await kernel.call('spec.drift', { format: 'text' })).toBe('No drift: no file of a done spec changed since it was done.')
    await new Promise((r) => setTimeout(r, 1100))
    writeFileSync(join(dir, 'src/auth/login.ts'), 'changed\n')
    writeFileSync(join(dir, 'src/ui/a.ts'), 'changed\n')
    git('commit', '-qam', 'two')
    expect(await kernel.call('spec.drift', {})).toEqual([{ id: 'login', done: expect.any(String), changed: ['src/auth/login.ts'] }])
    expect(await kernel.call('spec.drift', { format: 'text' })).toMatch(/^login \(done \d{4}-\d\d-\d\d\): 1 file changed since\n  src\/auth\/login\.ts$/)
  })
})
