// The parsers and validators behind ctx.git: porcelain v2 status, worktree lists, refs.
import { describe, expect, it } from 'vitest'
import { parseLog, parseStatusV2, parseWorktreeList } from '../src/capabilities/gitParse.ts'
import { validBranchName, validRevision, validRevisionOrRange } from '../src/capabilities/gitRefs.ts'

describe('git: parsers and validators', () => {
  it('parses porcelain v2 status with renames and conflicts', () => {
    const out = [
      '# branch.oid abc',
      '# branch.head (detached)',
      '1 .M N... 100644 100644 100644 h1 h2 with space.txt',
      '2 R. N... 100644 100644 100644 h1 h2 R100 new name.txt',
      'old name.txt',
      'u UU N... 100644 100644 100644 100644 h1 h2 h3 conflict.txt',
      '? untracked.txt',
      '',
    ].join('\0')
    expect(parseStatusV2(out)).toEqual({
      branch: null,
      head: 'abc',
      clean: false,
      files: [
        { path: 'with space.txt', index: ' ', worktree: 'M' },
        { path: 'new name.txt', index: 'R', worktree: ' ' },
        { path: 'conflict.txt', index: 'U', worktree: 'U' },
        { path: 'untracked.txt', index: '?', worktree: '?' },
      ],
    })
  })

  it('parses worktree lists', () => {
    expect(parseWorktreeList('worktree /a\0HEAD 1\0branch refs/heads/main\0\0worktree /b\0HEAD 2\0detached\0\0')).toEqual([
      { path: '/a', head: '1', branch: 'main' },
      { path: '/b', head: '2', branch: null },
    ])
  })

  it('validates refs like check-ref-format', () => {
    for (const ok of ['main', 'HEAD', 'HEAD~2', 'HEAD^', 'feature/x-1', 'v1.2.3', 'abc123', 'origin/main~1^2']) expect(validRevision(ok), ok).toBe(true)
    for (const bad of ['-x', '--upload-pack=x', 'a..b', 'a b', 'a:b', 'a\\b', '.hidden', 'x.lock', 'a//b', 'a/', 'HEAD@{1}', '', 'a~b']) expect(validRevision(bad), bad).toBe(false)
    expect(validRevisionOrRange('main..feature')).toBe(true)
    expect(validRevisionOrRange('main...HEAD~1')).toBe(true)
    expect(validRevisionOrRange('main....x')).toBe(false)
    expect(validRevisionOrRange('--all..x')).toBe(false)
    expect(validBranchName('HEAD')).toBe(false)
    expect(validBranchName('feature/ok')).toBe(true)
    expect(validBranchName('x~1')).toBe(false)
  })
})

describe('git: log parser', () => {
  it('splits records on \\x1e and fields on \\x1f, keeping separators out of subjects', () => {
    expect(parseLog('a\x1fAnn\x1f2024-01-01T00:00:00+00:00\x1fone | two\x1e\nb\x1fBob\x1f2024-01-02T00:00:00+00:00\x1f\x1e\n')).toEqual([
      { sha: 'a', author: 'Ann', date: '2024-01-01T00:00:00+00:00', subject: 'one | two' },
      { sha: 'b', author: 'Bob', date: '2024-01-02T00:00:00+00:00', subject: '' },
    ])
    expect(parseLog('')).toEqual([])
  })
})
