// Duplicated-block fingerprints. Each code line (comments removed, strings kept) is normalized: trimmed and its
// whitespace collapsed. Trivial lines are left out of the stream entirely: lines of only brackets/punctuation
// (`}`, `});`, `]`), lone keywords (`end`, `else`, `pass`, `break`, ...) and import-like lines (`import`,
// `use`, `#include`, `using`, `require`, `package`), so boilerplate never makes a window look duplicated.
// Every window of BLOCK_WINDOW consecutive remaining lines gets a 32-bit FNV-1a hash.
//
// Encoding of FileFacts.blockHashes: one number per window, in order (entry i = window starting at the i-th
// non-trivial line), packed as `hash * 2^21 + startLine` (exact in a double: 32 + 21 bits), so the summary can
// name the line of a duplicated block. Use unpackBlock() to read one; compare blocks by their `hash` only.

export const BLOCK_WINDOW = 6
const LINE_BITS = 2 ** 21
const MAX_LINE = LINE_BITS - 1

export function packBlock(hash: number, line: number): number {
  return (hash >>> 0) * LINE_BITS + Math.min(Math.max(line, 0), MAX_LINE)
}

export function unpackBlock(packed: number): { hash: number; line: number } {
  return { hash: Math.floor(packed / LINE_BITS), line: packed % LINE_BITS }
}

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

export function fnv1a(text: string): number {
  let h = FNV_OFFSET
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, FNV_PRIME)
  }
  return h >>> 0
}

function mixInt(h: number, v: number): number {
  for (let k = 0; k < 4; k++) {
    h ^= (v >>> (k * 8)) & 0xff
    h = Math.imul(h, FNV_PRIME)
  }
  return h
}

const TRIVIAL_CHARS = /^[\s{}()[\];,.:]*$/
const TRIVIAL_WORDS = new Set([
  'end',
  'else',
  'else:',
  '} else {',
  'else {',
  'try',
  'try:',
  'try {',
  '} catch {',
  'finally:',
  '} finally {',
  'pass',
  'break',
  'break;',
  'continue',
  'continue;',
  'return',
  'return;',
  'do',
  'begin',
  'default:',
  'fi',
  'done',
  'esac',
  '*/',
])
const IMPORT_LIKE = /^(?:import\b|export\s+(?:\*|\{[^}]*\})\s+from\b|from\s+\S+\s+import\b|use\s|using\s|#\s*include\b|require\b|require_relative\b|package\s|extern\s+crate\b|@import\b|library\s|open\s+[A-Z])/

export function normalizeLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ')
}

export function isTrivialLine(normalized: string): boolean {
  return normalized.length === 0 || TRIVIAL_CHARS.test(normalized) || TRIVIAL_WORDS.has(normalized) || IMPORT_LIKE.test(normalized)
}

/** The characters `\s` matches (and String.prototype.trim removes). */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
}

/** TRIVIAL_CHARS without the spaces, as a table. */
const PUNCT = new Uint8Array(128)
for (const ch of '{}()[];,.:') PUNCT[ch.charCodeAt(0)] = 1
/** How IMPORT_LIKE lines can start (sticky: tested at the first non-space character); the longest TRIVIAL_WORDS entry. */
const IMPORT_START = /import|export|from|use|using|#|require|package|extern|@import|library|open/y
const LONGEST_WORD = Math.max(...[...TRIVIAL_WORDS].map((w) => w.length))

/**
 * Packed window hashes for a file's code lines (index 0 = line 1). Per line, one character loop trims, collapses
 * whitespace and hashes at once (the same hash as fnv1a(normalizeLine(line))); the normalized string is built
 * only for a line short enough to be a trivial word or starting like an import.
 */
export function computeBlockHashes(codeLines: readonly string[]): number[] {
  const hashes: number[] = []
  const lines: number[] = []
  for (let i = 0; i < codeLines.length; i++) {
    const line = codeLines[i] as string
    let start = 0
    let end = line.length
    while (start < end && isSpace(line.charCodeAt(start))) start++
    while (end > start && isSpace(line.charCodeAt(end - 1))) end--
    if (start === end) continue
    let h = FNV_OFFSET
    let length = 0
    let punctOnly = true
    let space = false
    for (let k = start; k < end; k++) {
      const c = line.charCodeAt(k)
      if (isSpace(c)) {
        space = true
        continue
      }
      if (space) {
        h = Math.imul(h ^ 32, FNV_PRIME)
        length++
        space = false
      }
      h = Math.imul(h ^ c, FNV_PRIME)
      length++
      if (punctOnly && (c >= 128 || PUNCT[c] !== 1)) punctOnly = false
    }
    if (punctOnly) continue
    IMPORT_START.lastIndex = start
    if (length <= LONGEST_WORD || IMPORT_START.test(line)) {
      if (isTrivialLine(normalizeLine(line))) continue
    }
    hashes.push(h >>> 0)
    lines.push(i + 1)
  }
  const out: number[] = []
  for (let start = 0; start + BLOCK_WINDOW <= hashes.length; start++) {
    let h = FNV_OFFSET
    for (let k = 0; k < BLOCK_WINDOW; k++) h = mixInt(h, hashes[start + k] as number)
    out.push(packBlock(h >>> 0, lines[start] as number))
  }
  return out
}
