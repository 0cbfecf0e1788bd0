// fs.walk's fast path must list exactly what tinyglobby lists for the same request, on a tree with every kind
// of entry that could tell them apart.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { glob } from 'tinyglobby'
import { afterAll, describe, expect, it } from 'vitest'
import { crawlSubtrees, subtreeQuery } from '../src/capabilities/crawlSubtrees.ts'

const root = mkdtempSync(join(tmpdir(), 'mmm-crawl-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const FILES = [
  'a.ts', '.env', '.github/workflows/ci.yml', 'src/x.ts', 'src/deep/y.ts', 'src/.hidden/z.ts', 'srcx/no.ts',
  'node_modules/p/index.js', 'pkg/node_modules/q/index.js', 'node_modules_not/keep.js', 'pkg/.git', '.git/HEAD',
  '.mmm/state.db', '.mmm/worktrees/w1/src/x.ts', 'pkg/.mmm/cache.json', '.mmmx/keep.txt', 'docs/.mmm', 'docs/readme.md',
  'weird name/ü ñ.txt', 'a[1]/b.txt', 'lib/src/inner.ts', 'src2/a.ts', 'src/.mmm/x.json', 'src/deep/.mmm', 'src/deep/x.ts/in.ts',
]
for (const f of FILES) {
  mkdirSync(dirname(join(root, f)), { recursive: true })
  writeFileSync(join(root, f), f)
}
mkdirSync(join(root, 'empty/dir'), { recursive: true })
symlinkSync(join(root, 'src'), join(root, 'linkdir'))
symlinkSync(join(root, 'a.ts'), join(root, 'linkfile.ts'))
symlinkSync('/etc', join(root, 'src/outside'))

const ALWAYS = ['**/node_modules', '**/node_modules/**', '**/.git', '**/.git/**']
const CASES: Array<[string[], string[]]> = [
  [['**'], []],
  [['**'], ['.mmm/**', '**/.mmm/**']],
  [['src/**'], ['src/.mmm/**', 'src/**/.mmm/**']],
  [['src/**', 'docs/**'], []],
  [['src/deep/**'], []],
  [['a.ts/**'], []],
  [['missing/**'], []],
  [['**'], ['**/deep', 'weird name/**']],
  [['**'], ['src/**/deep/**', 'pkg/**/.mmm']],
  [['lib/**', 'src/**'], ['lib/**/src', 'src/**/x.ts']],
]

describe('crawlSubtrees', () => {
  it.each(CASES)('lists what tinyglobby lists for %j minus %j', async (patterns, extra) => {
    const ignore = [...ALWAYS, ...extra]
    const q = subtreeQuery(patterns, ignore)
    expect(q).toBeDefined()
    const fast = (await crawlSubtrees(root, q!)).sort()
    const slow = (await glob(patterns, { cwd: root, dot: true, followSymbolicLinks: false, expandDirectories: false, ignore, onlyFiles: true })).sort()
    expect(fast).toEqual(slow)
  })

  it('is not vacuous: the trees differ between requests', async () => {
    const all = await crawlSubtrees(root, subtreeQuery(['**'], ALWAYS)!)
    expect(all).toContain('.mmm/worktrees/w1/src/x.ts')
    expect(all).toContain('docs/.mmm')
    expect(all).not.toContain('pkg/.git')
    expect(all).not.toContain('linkfile.ts')
    const some = await crawlSubtrees(root, subtreeQuery(['**'], [...ALWAYS, '**/.mmm/**'])!)
    expect(some).not.toContain('docs/.mmm')
    expect(some).toContain('.mmmx/keep.txt')
    const inSrc = await crawlSubtrees(root, subtreeQuery(['src/**'], [...ALWAYS, 'src/.mmm/**', 'src/**/.mmm/**'])!)
    expect(inSrc).toContain('src/deep/y.ts')
    expect(inSrc.filter((f) => f.includes('.mmm'))).toEqual([])
  })

  it('leaves any other shape of pattern to tinyglobby', () => {
    for (const [patterns, ignore] of [[['src/*.ts'], []], [['**/*.md'], []], [['**'], ['*.log']], [['**'], ['src/**/*.ts']], [['**'], ['**/a/b']], [['./src/**'], []], [['a/../b/**'], []], [['**'], ['docs']], [[], []]] as Array<[string[], string[]]>) {
      expect(subtreeQuery(patterns, ignore)).toBeUndefined()
    }
  })
})
