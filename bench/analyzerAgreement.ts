// Line-count agreement with cloc: per-language code/comment/blank totals of `mmm analyze --json`
// (report.languages[]) against `cloc --json` on the same tree (same file set: see analyzerTrees.ts).
// cloc runs with --skip-uniqueness (else it counts a file whose content repeats another's only once; mmm
// counts every file) and --timeout 0 (else it drops files whose comment filter runs longer than
// lines/1000 seconds, e.g. npm's 2.7k-line definitions.js). The files that differ most are listed with
// our counts from the plugin's own detectLanguage + countLines (the sources the bundle is built from).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { countLines } from '../plugins/analyzer/src/languages/countLines.ts'
import { detectLanguage } from '../plugins/analyzer/src/languages/detectLanguage.ts'
import { table } from './stats.ts'

export interface LangCounts {
  files: number
  code: number
  comment: number
  blank: number
}

/** cloc's language names → ours, where they differ (several cloc names may map to one of ours). */
export const CLOC_NAMES: Record<string, string> = {
  'Bourne Shell': 'Shell',
  'Bourne Again Shell': 'Shell',
  'Korn Shell': 'Shell',
  zsh: 'Shell',
  'DOS Batch': 'Batch',
  'Fish Shell': 'Fish',
  'Vuejs Component': 'Vue',
  'Jinja Template': 'Jinja',
  'Vim Script': 'Vim script',
  'Visual Basic .NET': 'Visual Basic',
  'Fortran 90': 'Fortran',
  'Verilog-SystemVerilog': 'Verilog',
  'Windows Module Definition': 'Module-Definition',
  awk: 'AWK',
  make: 'Makefile',
  Lisp: 'Common Lisp',
  'JSON5': 'JSON with Comments',
  'C/C++ Header': 'C/C++ Header (cloc: all .h/.hpp; ours: C or C++ by content)',
}

type ClocEntry = { nFiles?: number; blank: number; comment: number; code: number; language?: string }

export function clocCounts(dir: string): { byLang: Map<string, LangCounts & { clocNames: string[] }>; byFile: Map<string, ClocEntry>; command: string } {
  const args = ['--by-file-by-lang', '--json', '--quiet', '--skip-uniqueness', '--timeout', '0', '--exclude-dir=.mmm', '.']
  const r = spawnSync('cloc', args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (r.status !== 0 && !r.stdout.trim().startsWith('{')) throw new Error(`cloc failed: ${r.stderr}`)
  const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { by_file: Record<string, ClocEntry>; by_lang: Record<string, ClocEntry> }
  const byLang = new Map<string, LangCounts & { clocNames: string[] }>()
  for (const [name, v] of Object.entries(json.by_lang)) {
    if (name === 'header' || name === 'SUM') continue
    const ours = CLOC_NAMES[name] ?? name
    const s = byLang.get(ours) ?? { files: 0, code: 0, comment: 0, blank: 0, clocNames: [] }
    s.files += v.nFiles ?? 0
    s.code += v.code
    s.comment += v.comment
    s.blank += v.blank
    s.clocNames.push(name)
    byLang.set(ours, s)
  }
  const byFile = new Map(Object.entries(json.by_file).filter(([k]) => k !== 'header' && k !== 'SUM').map(([k, v]) => [k.replace(/^\.\//, ''), v]))
  return { byLang, byFile, command: `cloc ${args.join(' ')}` }
}

/** The files whose counts differ most: ours (plugin functions) against cloc's, per file. */
function fileDiffs(dir: string, byFile: Map<string, ClocEntry>, n: number): AgreementResult['files'] {
  const out: AgreementResult['files'] = []
  for (const [rel, c] of byFile) {
    const text = readFileSync(join(dir, rel), 'utf8')
    const lang = detectLanguage(rel, text.slice(0, 4096))
    if (!lang) continue
    const o = countLines(text, lang)
    const d = Math.abs(o.code - c.code) + Math.abs(o.comment - c.comment) + Math.abs(o.blank - c.blank)
    if (d > 0) out.push({ path: rel, language: `${lang.name} / ${c.language}`, ours: { files: 1, ...o }, cloc: { files: 1, code: c.code, comment: c.comment, blank: c.blank }, diff: d })
  }
  return out.sort((a, b) => b.diff - a.diff).slice(0, n)
}

export interface MmmLanguage extends LangCounts {
  name: string
}

/** `mmm analyze --json` report.languages, run in dir (with our config: a copied repo has its own mmm.config.ts). */
export function mmmCounts(cli: string, dir: string): Map<string, LangCounts> {
  const r = spawnSync(process.execPath, [cli, '--config', 'mmm.config.json', 'analyze', '--refresh', '--json'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`mmm analyze failed in ${dir}: ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 500)}`)
  const report = JSON.parse(r.stdout) as { languages: MmmLanguage[] }
  return new Map(report.languages.map((l) => [l.name, { files: l.files, code: l.code, comment: l.comment, blank: l.blank }]))
}

const pct = (ours: number, theirs: number): string => {
  if (ours === theirs) return '0%'
  if (theirs === 0) return 'n/a'
  const d = ((ours - theirs) / theirs) * 100
  return `${d > 0 ? '+' : ''}${Math.abs(d) < 0.1 ? d.toFixed(2) : d.toFixed(1)}%`
}

export interface AgreementResult {
  tree: string
  rows: Array<{ name: string; clocNames: string; ours?: LangCounts; cloc?: LangCounts }>
  files: Array<{ path: string; language: string; ours: LangCounts; cloc: LangCounts; diff: number }>
  command: string
}

export function agreement(tree: string, cli: string, dir: string): AgreementResult {
  const ours = mmmCounts(cli, dir)
  const { byLang, byFile, command } = clocCounts(dir)
  const names = new Set([...ours.keys(), ...byLang.keys()])
  const rows = [...names].map((name) => {
    const c = byLang.get(name)
    const o = ours.get(name)
    return { name, clocNames: c ? c.clocNames.join(' + ') : '—', ...(o ? { ours: o } : {}), ...(c ? { cloc: c } : {}) }
  })
  rows.sort((a, b) => Math.max(b.cloc?.code ?? 0, b.ours?.code ?? 0) - Math.max(a.cloc?.code ?? 0, a.ours?.code ?? 0))
  return { tree, rows, files: fileDiffs(dir, byFile, 6), command }
}

export function reportAgreement(r: AgreementResult): string {
  const cell = (o: number | undefined, c: number | undefined) => (o === undefined || c === undefined ? `${o ?? '—'} / ${c ?? '—'}` : `${o} / ${c} (${pct(o, c)})`)
  const both = r.rows.filter((x) => x.ours && x.cloc)
  const sum = (rows: typeof r.rows, side: 'ours' | 'cloc', k: keyof LangCounts) => rows.reduce((a, x) => a + (x[side]?.[k] ?? 0), 0)
  const total = (rows: typeof r.rows, label: string) => [
    label,
    '',
    ...(['files', 'code', 'comment', 'blank'] as const).map((k) => cell(sum(rows, 'ours', k), sum(rows, 'cloc', k))),
  ]
  return [
    `#### ${r.tree}`,
    '',
    table(['Language (ours)', "cloc's name", 'files ours / cloc', 'code ours / cloc (Δ)', 'comment ours / cloc (Δ)', 'blank ours / cloc (Δ)'], [
      ...r.rows.map((x) => [
        x.name,
        x.clocNames === x.name ? '(same)' : x.clocNames,
        ...(['files', 'code', 'comment', 'blank'] as const).map((k) => cell(x.ours?.[k], x.cloc?.[k])),
      ]),
      total(both, '**languages both count**'),
      total(r.rows, '**all**'),
    ]),
    '',
    'The files that differ most (lines counted differently, summed over code, comment and blank):',
    '',
    table(['File', 'language ours / cloc', 'code ours / cloc', 'comment ours / cloc', 'blank ours / cloc'], r.files.map((f) => [
      f.path, f.language, `${f.ours.code} / ${f.cloc.code}`, `${f.ours.comment} / ${f.cloc.comment}`, `${f.ours.blank} / ${f.cloc.blank}`,
    ])),
    '',
  ].join('\n')
}
