// Project-wide quality numbers from every file's FileFacts.
// Which files: "code files" are files of programming languages (by default isCodeLanguage: every language but
// data, markup and prose such as JSON, YAML, Markdown, HTML, CSS — or options.isCode). "Production code" is
// code files that are not tests (FileFacts.isTest).
//   fileLength, functionLength, commentRatio (comment / (code + comment)), duplication, smells, complexity:
//     over production code (falls back to all code files when there is no production code)
//   testRatio: test code lines / all code lines (code files)
//   byLanguage: the 5 languages with the most code lines, each with the same numbers
import type { FileFacts } from '../types.ts'
import { complexityOf, type ComplexityDetails, type ComplexityLevel } from './complexity.ts'
import { isCodeLanguage } from './isCodeLanguage.ts'
import { duplicationStat, type DuplicationStat } from './duplication.ts'
import { SMELL_KINDS, type SmellCategory } from './smellKinds.ts'
import { fileLengthStat, functionLengthStat, ratio, round, topBy, totalLines, type FunctionLengthStat, type LengthStat } from './stats.ts'

export interface SmellStat {
  kind: string
  category: SmellCategory | 'other'
  description: string
  count: number
  /** Per 1000 production code lines. */
  per1kLines: number
  /** `path:line`, at most 5. */
  examples: string[]
}

export interface LanguageQuality {
  language: string
  files: number
  codeLines: number
  testRatio: number
  commentRatio: number
  fileLength: LengthStat
  functionLength: FunctionLengthStat
}

export interface QualitySummary {
  codeFiles: number
  testFiles: number
  /** All code lines (tests included). */
  codeLines: number
  testCodeLines: number
  fileLength: LengthStat
  functionLength: FunctionLengthStat
  largestFiles: Array<{ path: string; lines: number }>
  longestFunctions: Array<{ path: string; line: number; name: string; lines: number }>
  commentRatio: number
  duplication: DuplicationStat
  testRatio: number
  smells: SmellStat[]
  complexity: ComplexityLevel
  complexityDetails: ComplexityDetails
  byLanguage: LanguageQuality[]
}

export interface SummarizeOptions {
  /** Is a file of this language code (counted in the numbers)? Default: isCodeLanguage. */
  isCode?: (language: string) => boolean
}

const TOP = 5

function sumCode(files: readonly FileFacts[]): number {
  let n = 0
  for (const f of files) n += f.code
  return n
}

function commentRatioOf(files: readonly FileFacts[]): number {
  let code = 0
  let comment = 0
  for (const f of files) {
    code += f.code
    comment += f.comment
  }
  return ratio(comment, code + comment)
}

function smellStats(files: readonly FileFacts[], prodLines: number): SmellStat[] {
  const byKind = new Map<string, SmellStat>()
  for (const f of files) {
    for (const s of f.smells) {
      let stat = byKind.get(s.kind)
      if (!stat) {
        const known = SMELL_KINDS[s.kind]
        stat = { kind: s.kind, category: known?.category ?? 'other', description: known?.description ?? s.kind, count: 0, per1kLines: 0, examples: [] }
        byKind.set(s.kind, stat)
      }
      stat.count++
      if (stat.examples.length < TOP) stat.examples.push(`${s.path}:${s.line}`)
    }
  }
  const stats = [...byKind.values()]
  for (const s of stats) s.per1kLines = prodLines > 0 ? round((s.count * 1000) / prodLines, 2) : 0
  return stats.sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind))
}

function languageQuality(language: string, files: readonly FileFacts[]): LanguageQuality {
  const prod = files.filter((f) => !f.isTest)
  const base = prod.length > 0 ? prod : files
  const codeLines = sumCode(files)
  return {
    language,
    files: files.length,
    codeLines,
    testRatio: ratio(codeLines - sumCode(prod), codeLines),
    commentRatio: commentRatioOf(base),
    fileLength: fileLengthStat(base),
    functionLength: functionLengthStat(base),
  }
}

export function summarizeQuality(files: readonly FileFacts[], options: SummarizeOptions = {}): QualitySummary {
  const isCode = options.isCode ?? isCodeLanguage
  const code = files.filter((f) => isCode(f.language))
  const prod = code.filter((f) => !f.isTest)
  const base = prod.length > 0 ? prod : code
  const codeLines = sumCode(code)
  const prodLines = sumCode(prod)
  const functionLength = functionLengthStat(base)

  const lengths: number[] = []
  const fnItems: Array<{ path: string; line: number; name: string; lines: number }> = []
  for (const f of base) {
    for (const fn of f.functions) {
      lengths.push(fn.lines)
      fnItems.push({ path: f.path, line: fn.line, name: fn.name, lines: fn.lines })
    }
  }
  const smells = smellStats(base, sumCode(base))
  const countOf = (kind: string): number => smells.find((s) => s.kind === kind)?.count ?? 0
  const complexityDetails = complexityOf({
    functionLengths: lengths,
    functionP90: functionLength.p90,
    complexFunctions: countOf('complex-function'),
    deepNesting: countOf('deep-nesting'),
    codeLines: sumCode(base),
  })

  const byLang = new Map<string, FileFacts[]>()
  for (const f of code) {
    const list = byLang.get(f.language)
    if (list) list.push(f)
    else byLang.set(f.language, [f])
  }
  const mainLanguages = topBy(byLang.entries(), TOP, ([, fs]) => sumCode(fs))

  return {
    codeFiles: code.length,
    testFiles: code.length - prod.length,
    codeLines,
    testCodeLines: codeLines - prodLines,
    fileLength: fileLengthStat(base),
    functionLength,
    largestFiles: topBy(base.filter((f) => f.code > 0), TOP, totalLines).map((f) => ({ path: f.path, lines: totalLines(f) })),
    longestFunctions: topBy(fnItems, TOP, (f) => f.lines),
    commentRatio: commentRatioOf(base),
    duplication: duplicationStat(base),
    testRatio: ratio(codeLines - prodLines, codeLines),
    smells,
    complexity: complexityDetails.level,
    complexityDetails,
    byLanguage: mainLanguages.map(([language, fs]) => languageQuality(language, fs)),
  }
}
