// Hand-counted "golden" files: each line tagged code (C), comment (M) or blank (B); countLines must give the
// tagged totals, and cloc must agree where the fixture says it does (a string says why cloc differs).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { countLines } from '../../src/languages/countLines.ts'
import { detectLanguage } from '../../src/languages/detectLanguage.ts'
import type { LineCounts } from '../../src/types.ts'

export type Tag = 'C' | 'M' | 'B'
export interface Golden {
  file: string
  language: string
  lines: Array<[Tag, string]>
  expected: LineCounts
  eol?: string
  finalNewline?: boolean
  /** true: cloc must agree; a string: why cloc differs (a known cloc shortcut), so it is not compared. */
  cloc: true | string
}

export function goldenText(g: Golden): string {
  const eol = g.eol ?? '\n'
  const body = g.lines.map(([, text]) => text).join(eol)
  return g.lines.length === 0 ? '' : g.finalNewline === false ? body : body + eol
}


/** Registers the line-count suite and the cloc-agreement suite for a set of golden files. */
export function describeGolden(title: string, GOLDEN: Golden[]): void {
  describe(title, () => {
    it.each(GOLDEN.map((g) => [g.file, g] as const))('%s', (_file, g) => {
      const tally = { code: 0, comment: 0, blank: 0 }
      for (const [tag] of g.lines) tally[tag === 'C' ? 'code' : tag === 'M' ? 'comment' : 'blank']++
      expect(tally, 'hand count in `expected` matches the per-line tags').toEqual(g.expected)
      const lang = detectLanguage(g.file, goldenText(g).slice(0, 4096))
      expect(lang?.name).toBe(g.language)
      expect(countLines(goldenText(g), lang!)).toEqual(g.expected)
    })
  })

  const clocMissing = ((): string => {
    try {
      execFileSync('cloc', ['--version'], { stdio: 'pipe' })
      return ''
    } catch {
      return 'cloc is not installed (apt-get install -y cloc)'
    }
  })()
  if (clocMissing !== '' && process.env.CI === 'true') throw new Error(`${clocMissing}: required when CI=true`)

  describe.skipIf(clocMissing !== '')(`cloc agreement${clocMissing === '' ? '' : ` — skipped: ${clocMissing}`}`, () => {
    const compared = GOLDEN.filter((g) => g.cloc === true)
    it.each(compared.map((g) => [g.file, g] as const))('%s', (_file, g) => {
      const dir = mkdtempSync(join(tmpdir(), 'mmm-cloc-'))
      try {
        writeFileSync(join(dir, g.file), goldenText(g))
        const out = execFileSync('cloc', ['--json', '--quiet', '--by-file', '--skip-uniqueness', dir], { encoding: 'utf8' })
        const row = (JSON.parse(out) as Record<string, { code: number; comment: number; blank: number }>)[join(dir, g.file)]
        expect(row && { code: row.code, comment: row.comment, blank: row.blank }).toEqual(g.expected)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })

}
