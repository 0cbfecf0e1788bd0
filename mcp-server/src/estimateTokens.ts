// How many tokens a tool list costs: clients put every tool definition into every request to their model.
// Counted with Anthropic's published tokenizer (@anthropic-ai/tokenizer) over the definitions' JSON. That
// tokenizer predates Claude 3, so the count is an estimate (clients also add their own wrapping per tool);
// the Messages API's count_tokens gives exact numbers for a given model.
import { createRequire } from 'node:module'

export interface TokenEstimate {
  tokens: number
  method: 'anthropic-tokenizer' | 'chars/4'
  perTool: Array<{ name: string; tokens: number }>
}

type CountFn = (text: string) => number

let counter: { fn: CountFn; method: TokenEstimate['method'] } | undefined

export function estimateTokens(tools: ReadonlyArray<{ name: string }>): TokenEstimate {
  const { fn, method } = (counter ??= loadCounter())
  const perTool = tools.map((t) => ({ name: t.name, tokens: fn(JSON.stringify(t)) }))
  return { tokens: fn(JSON.stringify(tools)), method, perTool }
}

function loadCounter(): { fn: CountFn; method: TokenEstimate['method'] } {
  // The tokenizer loads a WebAssembly file from its package, so it is not bundled: find the package from
  // here, or (in the bundled CLI) from the @mmm/mcp-server package the CLI depends on.
  const bases = [import.meta.url]
  try {
    bases.push(import.meta.resolve('@mmm/mcp-server/package.json'))
  } catch {
    // not resolvable from here: the first base is all there is
  }
  for (const base of bases) {
    try {
      const { countTokens } = createRequire(base)('@anthropic-ai/tokenizer') as { countTokens: CountFn }
      countTokens('probe')
      return { fn: countTokens, method: 'anthropic-tokenizer' }
    } catch {
      // try the next base
    }
  }
  return { fn: (s) => Math.ceil(s.length / 4), method: 'chars/4' }
}
