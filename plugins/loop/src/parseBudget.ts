// Reads the `--budget` of `mmm improve`: a token count or a dollar amount, as people type them.
// Plain ECMAScript, no imports, so it runs in the sandbox bundle as well as in the CLI.

export type Budget = { tokens: number } | { usd: number }

const ACCEPTED = 'a token count (400000, "400k", "1.5M") or a dollar amount ("$2", "$0.50", "2usd", "2 USD")'
const MULTIPLIER: Record<string, number> = { '': 1, k: 1_000, m: 1_000_000 }

/** "400000", 400000, "400k", "1.5M", "$2", "$0.50", "2usd", "2 USD" → a budget; anything else throws an Error whose `code` is 'MMM_INVALID_INPUT' and whose message says the accepted forms. */
export function parseBudget(value: string | number): Budget {
  if (typeof value === 'number') {
    const tokens = Math.round(value)
    if (Number.isFinite(value) && tokens >= 1) return { tokens }
    throw invalid(value)
  }
  if (typeof value !== 'string') throw invalid(value)
  const text = value.trim()
  const usd = /^\$\s*(\d+(?:\.\d+)?|\.\d+)$/.exec(text) ?? /^(\d+(?:\.\d+)?|\.\d+)\s*usd$/i.exec(text)
  if (usd) {
    const amount = Number(usd[1])
    if (amount > 0) return { usd: amount }
    throw invalid(value)
  }
  const tokens = /^(\d+(?:\.\d+)?|\.\d+)\s*([km]?)$/i.exec(text)
  if (tokens) {
    // Token counts are whole; "1.5M" is exact, "0.0004k" rounds to 0 and is refused below.
    const count = Math.round(Number(tokens[1]) * (MULTIPLIER[(tokens[2] ?? '').toLowerCase()] ?? 1))
    if (count >= 1) return { tokens: count }
  }
  throw invalid(value)
}

// Helpers

function invalid(value: unknown): Error {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value)
  return Object.assign(new Error(`Invalid budget ${shown}: use ${ACCEPTED}.`), { code: 'MMM_INVALID_INPUT' })
}
