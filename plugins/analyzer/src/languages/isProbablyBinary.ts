// isProbablyBinary: whether the first ~4 KB of a file (decoded as UTF-8) look like binary data rather than text.

const SAMPLE = 4096

/**
 * True when the sample holds a NUL character, or when more than 10% of it (at least 8, or all of a shorter sample) are U+FFFD
 * replacement characters (bytes that were not UTF-8) or control characters other than \t \n \v \f \r and ESC.
 */
export function isProbablyBinary(head: string): boolean {
  const n = Math.min(head.length, SAMPLE)
  let odd = 0
  for (let i = 0; i < n; i++) {
    const c = head.charCodeAt(i)
    if (c === 0) return true
    if (c === 0xfffd || (c < 32 && (c < 9 || c > 13) && c !== 27) || c === 127) odd++
  }
  return odd >= Math.min(8, n) && odd * 10 > n
}
