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

/** Packed window hashes for a file's code lines (index 0 = line 1). */
export function computeBlockHashes(codeLines: readonly string[]): number[] {
  const hashes: number[] = []
  const lines: number[] = []
  for (let i = 0; i < codeLines.length; i++) {
    const norm = normalizeLine(codeLines[i] as string)
    if (isTrivialLine(norm)) continue
    hashes.push(fnv1a(norm))
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
