// Granted globs: the "**" fast path must answer exactly as picomatch does for the same grant.
import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { compileGrant } from '../src/capabilities/matchGlobs.ts'

const PATHS = ['a', 'a/b/c.ts', '.github/workflows/ci.yml', '.env', 'a/.hidden/x', '...', 'a/..b', 'a..', '.', '..', 'a/./b', 'a/../b', './a', 'a/.', 'a/..', 'dir/', 'ü/ñ.txt', 'a b/c']

describe('compileGrant', () => {
  it('matches what picomatch("**", { dot: true }) matches, and never the root itself', () => {
    const fast = compileGrant(['**'])
    const slow = compileGrant(['**/*', '*']) // no fast path: picomatch runs
    const pm = picomatch('**', { dot: true })
    for (const p of PATHS) {
      expect([p, fast.matches(p)]).toEqual([p, pm(p)])
      expect([p, slow.matches(p)]).toEqual([p, pm(p)])
    }
    expect(fast.matches('')).toBe(false)
    // The list holds paths on both sides, so the comparison is not vacuous.
    expect(PATHS.filter((p) => fast.matches(p)).length).toBeGreaterThan(5)
    expect(PATHS.filter((p) => !fast.matches(p)).length).toBeGreaterThan(3)
  })

  it('keeps narrower globs next to "**" harmless, and grants nothing without globs', () => {
    expect(compileGrant(['src/**', '**']).matches('docs/x.md')).toBe(true)
    expect(compileGrant([]).matches('a')).toBe(false)
    expect(compileGrant(['src/**']).matches('docs/x.md')).toBe(false)
  })
})
