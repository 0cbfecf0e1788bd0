// Duplicated blocks across files from FileFacts.blockHashes (see blockHashes.ts). A window is duplicated when its
// hash occurs at least twice (in two files, or twice in one file). Every line of a duplicated window is a
// duplicated line; duplicatedLines counts each (file, non-trivial line) once, so the ratio
// duplicatedLines / code lines is at most 1. Consecutive duplicated windows form one duplicated region; the
// examples are the longest regions, each named by the files and lines where its first window occurs.
import type { FileFacts } from '../types.ts'
import { BLOCK_WINDOW, unpackBlock } from './blockHashes.ts'
import { ratio } from './stats.ts'

export interface DuplicationExample {
  /** Files where the block occurs (at most 5, first occurrence first). */
  paths: string[]
  /** Start line of the block in paths[0]. */
  line: number
  /** `path:line` of each occurrence (at most 5). */
  locations: string[]
  occurrences: number
  /** Length of the duplicated region in non-trivial lines. */
  lines: number
}

export interface DuplicationStat {
  ratio: number
  duplicatedLines: number
  codeLines: number
  examples: DuplicationExample[]
}

const MAX_EXAMPLES = 5

/** Window hash of a packed block (unpackBlock without the object: this runs for every window of a tree). */
const hashOf = (packed: number): number => Math.floor(packed / LINE_SPAN)
const LINE_SPAN = 2 ** 21

/**
 * How often each duplicated window hash occurs (hashes seen once are left out). Sorting one typed array of all
 * hashes keeps memory at 4 bytes a window, where a map of every hash would need ~50 (and caps at 2^24 keys).
 */
function duplicatedHashes(files: readonly FileFacts[]): Map<number, number> {
  let total = 0
  for (const f of files) total += f.blockHashes.length
  const all = new Uint32Array(total)
  let k = 0
  for (const f of files) for (const packed of f.blockHashes) all[k++] = hashOf(packed)
  all.sort()
  const seen = new Map<number, number>()
  for (let i = 0; i < all.length; ) {
    let j = i + 1
    while (j < all.length && all[j] === all[i]) j++
    if (j - i > 1) seen.set(all[i] as number, j - i)
    i = j
  }
  return seen
}

export function duplicationStat(files: readonly FileFacts[]): DuplicationStat {
  const seen = duplicatedHashes(files)
  let codeLines = 0
  for (const f of files) codeLines += f.code
  let duplicatedLines = 0
  // Best (longest) region per representative hash.
  const regions = new Map<number, number>()
  for (const f of files) {
    const hashes = f.blockHashes
    let coveredTo = -1 // last stream position already counted
    let runStart = -1
    for (let i = 0; i <= hashes.length; i++) {
      const dup = i < hashes.length && seen.has(hashOf(hashes[i] as number))
      if (dup) {
        const from = Math.max(i, coveredTo + 1)
        const to = i + BLOCK_WINDOW - 1
        if (to >= from) duplicatedLines += to - from + 1
        coveredTo = to
        if (runStart < 0) runStart = i
      } else if (runStart >= 0) {
        const rep = hashOf(hashes[runStart] as number)
        const len = i - runStart + BLOCK_WINDOW - 1
        if ((regions.get(rep) ?? 0) < len) regions.set(rep, len)
        runStart = -1
      }
    }
  }
  const chosen = [...regions.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_EXAMPLES)
  const wanted = new Map<number, DuplicationExample>()
  for (const [hash, lines] of chosen) wanted.set(hash, { paths: [], line: 0, locations: [], occurrences: seen.get(hash) ?? 0, lines })
  if (wanted.size > 0) {
    for (const f of files) {
      for (const packed of f.blockHashes) {
        const { hash, line } = unpackBlock(packed)
        const ex = wanted.get(hash)
        if (!ex) continue
        if (ex.locations.length === 0) ex.line = line
        if (ex.locations.length < MAX_EXAMPLES) ex.locations.push(`${f.path}:${line}`)
        if (ex.paths.length < MAX_EXAMPLES && !ex.paths.includes(f.path)) ex.paths.push(f.path)
      }
    }
  }
  return {
    ratio: ratio(Math.min(duplicatedLines, codeLines), codeLines),
    duplicatedLines: Math.min(duplicatedLines, codeLines),
    codeLines,
    examples: [...wanted.values()],
  }
}
