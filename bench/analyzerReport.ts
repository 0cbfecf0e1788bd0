// The Markdown for section 6 (bench/RESULTS-analyzer.md) and its verdicts.
import { reportAgreement } from './analyzerAgreement.ts'
import type { AnalyzerResult, MemRow, TreeTiming } from './analyzer.ts'
import { display, hyperfineVersion, type Mem, type ToolKey } from './analyzerRun.ts'
import { mb, ms, summarize, table, verdictMark, type Verdict } from './stats.ts'

const med = (xs: number[]) => summarize(xs.filter(Number.isFinite)).median
const mbOf = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
const secs = (v: number) => (Number.isFinite(v) ? (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : ms(v)) : 'n/a')
/** Peak of the whole tree: the CLI's own peak plus each child's peak (an upper bound of the true sum). */
const peakSum = (m: Mem) => m.selfPeak + m.childPeaks

function timingTable(t: TreeTiming): string {
  const cold = med(t.times.get('cold')?.times ?? [])
  return table(['Command', 'median', 'min', 'max', 'runs', 'mmm cold vs this'], t.cmds.map((c) => {
    const timed = t.times.get(c.key)
    const xs = (timed?.times ?? []).filter(Number.isFinite)
    const s = summarize(xs)
    const failed = timed?.errors.length ? ` (**${timed.errors.length} failed**: ${timed.errors.join('; ').slice(0, 300)})` : ''
    const vs = c.key === 'cold' ? '—' : c.key === 'warm' ? `(warm = ${(s.median / cold).toFixed(2)}× cold)` : s.median >= cold ? `mmm ${(s.median / cold).toFixed(2)}× faster` : `mmm ${(cold / s.median).toFixed(2)}× slower`
    return [`${c.label}: \`${display(c.argv)}\``, secs(s.median), secs(s.min), secs(s.max), `${xs.length}${failed}`, vs]
  }))
}

/**
 * The targets, judged for a cold run (--refresh: every file read and analysed) and for a warm one (what a user's
 * second run does: the report reused when nothing changed), each against the same baselines.
 */
function targetVerdicts(t: TreeTiming, memory: MemRow[]): Verdict[] {
  const get = (k: ToolKey) => med(t.times.get(k)?.times ?? [])
  const name = `${t.tree.name} (${t.tree.files} files)`
  const out: Verdict[] = []
  for (const mode of ['cold', 'warm'] as const) {
    const mine = get(mode)
    if (!Number.isFinite(mine)) continue
    const cmp = (k: ToolKey, what: string, target: string, need: number) => {
      const base = get(k)
      if (!Number.isFinite(base)) return
      const speedup = base / mine
      out.push({ benchmark: `6. ${name}: mmm analyze ${mode} vs ${what}`, measured: secs(mine), baseline: secs(base), value: `${speedup.toFixed(2)}× faster`, target, met: speedup >= need, ...(speedup < need ? { note: `${(need / speedup).toFixed(1)}× short` } : {}) })
    }
    cmp('cloc', 'cloc', '≥ 10× faster', 10)
    cmp('linguist', 'linguist-js', 'faster (> 1×)', 1.0000001)
    const floor = get('floor')
    if (Number.isFinite(floor)) {
      out.push({ benchmark: `6. ${name}: mmm analyze ${mode} vs the floor script`, measured: secs(mine), baseline: secs(floor), value: `${(mine / floor).toFixed(1)}× the floor`, target: '≤ 2× the floor', met: mine <= 2 * floor, ...(mine > 2 * floor ? { note: `${(mine / floor / 2).toFixed(1)}× over` } : {}) })
    }
    const mem = memory.find((m) => m.tree === t.tree.name && m.tool === t.cmds.find((c) => c.key === mode)?.label)
    if (mem?.runs.length) {
      const peak = med(mem.runs.map(peakSum))
      out.push({ benchmark: `6. ${name}: peak RSS of mmm analyze ${mode} (CLI + plugin host)`, measured: mb(peak), baseline: '—', value: mb(peak), target: '≤ 150 MB', met: peak <= 150 * 1024 * 1024, ...(peak > 150 * 1024 * 1024 ? { note: `${(peak / (150 * 1024 * 1024)).toFixed(1)}× over` } : {}) })
    }
  }
  return out
}

export function reportAnalyzer(r: AnalyzerResult): { markdown: string; verdicts: Verdict[] } {
  const verdicts = r.targets.flatMap((t) => targetVerdicts(t, r.memory))
  const trees = [...r.targets.map((t) => t.tree), ...r.scaling.map((s) => s.tree).filter((t) => !r.targets.some((x) => x.tree === t))]
  const md: string[] = [
    '## Summary',
    '',
    table(['Benchmark', 'Measured', 'Baseline', 'Ratio', 'Target', 'Result'], verdicts.map((v) => [v.benchmark, v.measured, v.baseline, v.value, v.target, verdictMark(v)])),
    '',
    `${verdicts.filter((v) => v.met).length} of ${verdicts.length} targets met. Scaling (1k → 100k files) has no target; see below.`,
    '',
    '## Trees',
    '',
    'Copies in a temp dir, so all four tools see the same files: `node_modules` directories renamed to `deps` (the analyzer always skips node_modules), symbolic links not copied (it never follows them), and left out: files over 1 MB, lockfiles, minified files and source maps (it skips those by name), `.gitignore`/`.gitattributes`. ' +
      'Each tree root has an `mmm.config.json` (the analyzer plugin, with its grants); every tool excludes `.mmm` (mmm\'s state dir).',
    '',
    ...r.sources.map((s) => `- ${s}`),
    '',
    table(['Tree', 'files', 'bytes', 'how it was built'], trees.map((t) => [t.name, t.files, mbOf(t.bytes), t.how])),
    '',
    '## Speed',
    '',
    `Wall time of each command, run with the tree as cwd and its output discarded. Each timed run is \`hyperfine -N --runs 1\` (${hyperfineVersion ?? 'hyperfine missing'}); the commands take turns (round-robin), so they share whatever else the box is doing; medians.`,
    'mmm runs the built CLI (`kernel/dist`, what ./mmm and the bin run): kernel start, plugin host, isolate, walk, reads, analysis, report, per-file cache write. Cold = `--refresh` (the cache is ignored but still written, as a first run does); warm = the same files again, right after a cold run (no path, size, mtime or git fact changed, so the last report is returned after the walk; nothing is read). Both are judged against the targets: cold is the first run on a project, warm every later run until something changes.',
    'cloc counts a file whose content repeats another one only once (it still reads and hashes it); on the replicated trees that spares it the line counting of all but the first copy, so its times there are lower than on as many distinct files (`--skip-uniqueness` would count them all). ' +
      'On the npm tree about 2 s of cloc\'s time go to one file, `deps/@npmcli/config/lib/definitions/definitions.js`: its comment filter runs into cloc\'s per-file timeout (lines / 1000 s) and cloc then leaves the file out. linguist-js runs `--offline` (no download of its language data) and `--keepVendored` (else it drops `deps/`, `dist/`, …).',
    '',
  ]
  for (const t of r.targets) md.push(`### ${t.tree.name}: ${t.tree.files} files, ${mbOf(t.tree.bytes)}`, '', `Warm-up: ${t.warmup}; ${t.rounds} timed round${t.rounds > 1 ? 's' : ''}. Load average after: ${t.load}.`, '', timingTable(t), '')
  md.push(
    '## Memory',
    '',
    'Peak RSS from `/proc`, sampled over the process tree of each command during its timed runs (every 50 ms; under hyperfine, hyperfine itself not counted) and in the traced runs (every 25 ms): the command\'s own VmHWM (the kernel\'s exact peak), each child\'s VmHWM (the plugin host; git), and the highest sum of VmRSS over the tree at one sample. The target is judged on own peak + children\'s peaks (an upper bound of the tree\'s true peak). Medians over the runs.',
    '',
    table(['Tree', 'Command', 'runs', 'own peak', 'children: peak (sum)', 'own + children', 'tree peak (sampled)', 'wall'], r.memory.map((m) => {
      if (!m.runs.length) return [m.tree, m.tool, m.how, `failed: ${m.error ?? ''}`, '', '', '', '']
      const failed = m.error ? ` (failed runs left out: ${m.error.slice(0, 200)})` : ''
      const kids = Math.max(...m.runs.map((x) => x.children))
      return [m.tree, m.tool, `${m.runs.length}: ${m.how}${failed}`, mb(med(m.runs.map((x) => x.selfPeak))), kids ? `${mb(med(m.runs.map((x) => x.childPeaks)))} (${kids})` : '—', mb(med(m.runs.map(peakSum))), mb(med(m.runs.map((x) => x.treePeak))), secs(med(m.wallMs))]
    })),
    '',
    '## Scaling: 1k → 100k files',
    '',
    'Trees of exactly n files (+ mmm.config.json) drawn from the same shuffled pool, so every size has the same mix of files. Per-file cost = (cold − the 1k tree\'s cold) / (n − 1000), i.e. without the fixed start-up.',
    '',
  )
  const base = r.scaling[0]
  const baseCold = base ? med(base.cold) : Number.NaN
  md.push(
    table(['files', 'bytes', 'mmm cold', 'mmm warm', 'floor', 'cold / floor', 'cold: per extra 1k files', 'peak RSS cold (own + children)', 'how measured'], r.scaling.map((s) => {
      const cold = med(s.cold)
      const perK = s === base || !Number.isFinite(cold) ? '—' : ms(((cold - baseCold) / (s.tree.files - 1 - 1000)) * 1000)
      return [s.tree.files - 1, mbOf(s.tree.bytes), s.error ? `${Number.isFinite(cold) ? `${secs(cold)}; ` : ''}**failed**: ${s.error}` : secs(cold), secs(med(s.warm)), secs(med(s.floor)), Number.isFinite(cold) ? `${(cold / med(s.floor)).toFixed(1)}×` : '—', perK, s.mem ? `${mb(peakSum(s.mem))}${s.error ? ' (until it failed)' : ''}` : '—', s.method]
    })),
    '',
  )
  md.push('## Where the time goes', '')
  for (const t of r.traces) {
    md.push(
      `### One cold run on ${t.tree}, traced (${secs(t.wallMs)}; ${t.batches} readMany batches, ${mbOf(t.readBytes)} of answers; ${mbOf(t.cacheBytes)} written to the per-file cache)`,
      '',
      'From the IPC messages between the kernel and the plugin host (`bench/analyzerTrace.ts`, preloaded into the CLI). "kernel" rows: the kernel serving a capability call (request received → answer sent); "host + isolate" rows: the time between an answer and the next request, i.e. the plugin at work.',
      '',
      table(['Phase', 'ms', 'share'], t.phases.map((p) => [p.name, ms(p.ms), `${((p.ms / t.wallMs) * 100).toFixed(0)}%`])),
      '',
      `The CLI (kernel) process in the same run, under \`--cpu-prof\` (which slows it a little): ${ms(t.cpu.totalMs)} profiled, ${ms(t.cpu.idleMs)} of it idle (waiting for the plugin host). Most self time:`,
      '',
      table(['Function (file)', 'self time'], t.cpu.top.map(([k, v]) => [k, ms(v)])),
      '',
    )
  }
  if (r.replay) {
    md.push(
      `### The per-file work alone (${r.replay.tree}: ${r.replay.files} files, ${mbOf(r.replay.bytes)}), in plain Node`,
      '',
      "The plugin's own functions (imported from plugins/analyzer/src) on every file, in this process — no isolate, no IPC; second of two passes. Compare with the \"after each batch\" row above.",
      '',
      table(['Step', 'total', 'per file'], r.replay.steps.map(([k, v]) => [k, ms(v), ms(v / r.replay!.files)])),
      '',
    )
  }
  if (r.copy) {
    md.push(
      `### The plugin host's memory: handing answers to the isolate (${r.copy.calls} answers, ${r.copy.mb.toFixed(0)} MB in total)`,
      '',
      "`bench/analyzerCopyChild.ts`: an async ivm.Reference whose string result is copied into a 128 MB isolate, as pluginHost.ts answers a capability call; the isolate parses each answer and drops it. Without a GC of the host's own heap, the native memory behind the copies stays (V8 does not see it as pressure).",
      '',
      table(['Host', 'RSS before', 'RSS after', 'time'], r.copy.rows.map((x) => [x.mode, mb(x.rssBefore), mb(x.rssAfter), ms(x.ms)])),
      '',
    )
  }
  md.push('## Line counts against cloc', '', `Same file sets as above. \`mmm analyze --json\` report.languages[] against \`${'cloc --json --quiet --skip-uniqueness --timeout 0 --exclude-dir=.mmm .'}\`; cloc's names are mapped to ours (table column 2). Cells: ours / cloc (difference relative to cloc).`, '')
  for (const a of r.agreement) md.push(reportAgreement(a))
  md.push(
    'Why they differ (found file by file on these trees when this benchmark was written):',
    '',
    "- JavaScript / TypeScript comments: cloc does not read strings, so a string holding `/*` (glob patterns such as `'**/*.ts'` or `` `${dir}/*/*.md` ``) opens a block comment for cloc that lasts to the next `*/`, and the code lines in between count as comment lines; we lex strings. Hence ours: more code, fewer comments (frameworkCatalog.ts, analyzeTree.ts, tinyglobby, picomatch).",
    "- Python: cloc takes every triple-quoted string for a comment; we count only docstrings (a string standing alone as a statement) as comment, and `X = \"\"\"…\"\"\"` as code (gyp's make.py holds big templates like that).",
    '- Batch: cloc does not take `@rem` for a comment. PowerShell: cloc counts a `#!` first line as a comment; we count it as code in every language, as cloc does for most.',
    '- Only one side: cloc 1.96 does not know `.mts`/`.cts` (TypeScript for us); it counts `.txt` as Text (not a language for us); it calls tsconfig.json JSON (JSON with Comments for us, so the JSON rows differ by that file).',
    '',
  )
  return { markdown: md.join('\n'), verdicts }
}
