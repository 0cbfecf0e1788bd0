// The floor for `mmm analyze`: the least any line counter has to do. Walks the tree (no symbolic links;
// node_modules, .git and .mmm skipped, as the analyzer does), reads every file as UTF-8 and counts its
// lines and blank lines. No language detection, no comments, no report.
//   node bench/floorLineCount.ts [dir]   → prints {"files":…,"bytes":…,"lines":…,"blank":…}
import { readdirSync, readFileSync } from 'node:fs'

const SKIP = new Set(['node_modules', '.git', '.mmm'])
let files = 0
let bytes = 0
let lines = 0
let blank = 0

function count(text: string): void {
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    lines++
    if (text.slice(start, end).trim() === '') blank++
    start = end + 1
  }
}

function walk(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(p)
    } else if (e.isFile()) {
      const text = readFileSync(p, 'utf8')
      files++
      bytes += text.length
      count(text)
    }
  }
}

walk(process.argv[2] ?? '.')
process.stdout.write(`${JSON.stringify({ files, bytes, lines, blank })}\n`)
